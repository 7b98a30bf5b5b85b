/** The real pcscd, a PcscCardReaders on it with its events recorded, and a temp folder: what the
 * smartcard integration tests share. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePcscd, type Pcscd } from '../../fixtures/pcscd.js';
import { PcscCardReaders } from '../../../main/auth/smartcard/pcsc-readers.js';
import { recordEvents, type EventLog } from './reader-events.js';

export interface PcscRig { pcscd: Pcscd; monitor: PcscCardReaders; events: EventLog; dir: string }

/** Starts (or joins) pcscd and waits until `reader` shows up. */
export async function openPcscRig(prefix: string, reader: string): Promise<PcscRig> {
  const pcscd = await ensurePcscd();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const monitor = new PcscCardReaders();
  const events = recordEvents(monitor);
  monitor.start();
  await events.next((e) => e.type === 'reader-added' && e.reader === reader);
  return { pcscd, monitor, events, dir };
}

export async function closePcscRig(rig: PcscRig | undefined): Promise<void> {
  if (!rig) return;
  rig.events.stop();
  await rig.monitor.close();
  await rig.pcscd.release();
  rmSync(rig.dir, { recursive: true, force: true });
}
