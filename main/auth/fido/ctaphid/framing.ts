/**
 * CTAPHID packet framing (CTAP 2.1 §11.2.4): pure functions, no I/O. A message is one
 * initialisation packet (CID, CMD|0x80, BCNT, 57 data bytes) followed by continuation packets
 * (CID, SEQ 0..127, 59 data bytes); every report is exactly 64 bytes, zero-padded.
 */
import {
  CONT_DATA_SIZE, INIT_DATA_SIZE, MAX_MESSAGE_SIZE, MAX_SEQ, REPORT_SIZE, TYPE_INIT,
} from './constants.js';
import { CtaphidError } from './errors.js';

export interface CtaphidMessage {
  cid: number;
  /** Command without the init bit (e.g. 0x10 for CBOR). */
  cmd: number;
  payload: Uint8Array;
}

export type CtaphidPacket =
  | { kind: 'init'; cid: number; cmd: number; length: number; data: Uint8Array }
  | { kind: 'cont'; cid: number; seq: number; data: Uint8Array };

/** Splits a message into 64-byte reports. */
export function encodeMessage(cid: number, cmd: number, payload: Uint8Array): Uint8Array[] {
  if (payload.length > MAX_MESSAGE_SIZE) {
    throw new CtaphidError('ctaphid-invalid-len', `message of ${payload.length} bytes exceeds ${MAX_MESSAGE_SIZE}`);
  }
  if (cmd < 0 || cmd > 0x7f) throw new CtaphidError('ctaphid-invalid-cmd', `command 0x${cmd.toString(16)} out of range`);
  const reports: Uint8Array[] = [];
  const first = new Uint8Array(REPORT_SIZE);
  const view = new DataView(first.buffer);
  view.setUint32(0, cid >>> 0);
  first[4] = TYPE_INIT | cmd;
  view.setUint16(5, payload.length);
  first.set(payload.subarray(0, INIT_DATA_SIZE), 7);
  reports.push(first);
  for (let offset = INIT_DATA_SIZE, seq = 0; offset < payload.length; offset += CONT_DATA_SIZE, seq++) {
    const cont = new Uint8Array(REPORT_SIZE);
    new DataView(cont.buffer).setUint32(0, cid >>> 0);
    cont[4] = seq;
    cont.set(payload.subarray(offset, offset + CONT_DATA_SIZE), 5);
    reports.push(cont);
  }
  return reports;
}

/** Reads one report. Anything but exactly 64 bytes is a malformed frame. */
export function parsePacket(report: Uint8Array): CtaphidPacket {
  if (report.length !== REPORT_SIZE) {
    throw new CtaphidError('malformed-frame', `HID report of ${report.length} bytes, expected ${REPORT_SIZE}`);
  }
  const view = new DataView(report.buffer, report.byteOffset, report.byteLength);
  const cid = view.getUint32(0);
  const type = report[4] ?? 0;
  if (type & TYPE_INIT) {
    return { kind: 'init', cid, cmd: type & 0x7f, length: view.getUint16(5), data: report.subarray(7) };
  }
  return { kind: 'cont', cid, seq: type, data: report.subarray(5) };
}

/**
 * Reassembles the packets of one channel into a message. Feed packets in arrival order; `push`
 * returns the message once complete, null while more are needed, and throws on a sequence error.
 */
export class MessageAssembler {
  private cid = 0;
  private cmd = 0;
  private buffer: Uint8Array | null = null;
  private filled = 0;
  private nextSeq = 0;

  /** True while a message has started and is not yet complete. */
  get inProgress(): boolean { return this.buffer !== null; }

  reset(): void {
    this.buffer = null;
    this.filled = 0;
    this.nextSeq = 0;
  }

  push(packet: CtaphidPacket): CtaphidMessage | null {
    if (packet.kind === 'init') {
      if (packet.length > MAX_MESSAGE_SIZE) {
        this.reset();
        throw new CtaphidError('ctaphid-invalid-len', `announced length ${packet.length} exceeds ${MAX_MESSAGE_SIZE}`);
      }
      this.cid = packet.cid;
      this.cmd = packet.cmd;
      this.buffer = new Uint8Array(packet.length);
      this.nextSeq = 0;
      this.filled = Math.min(packet.length, INIT_DATA_SIZE);
      this.buffer.set(packet.data.subarray(0, this.filled));
      return this.complete();
    }
    if (!this.buffer) {
      throw new CtaphidError('ctaphid-invalid-seq', `continuation packet seq ${packet.seq} without an initialisation packet`);
    }
    if (packet.cid !== this.cid) {
      throw new CtaphidError('ctaphid-invalid-channel', 'continuation packet on another channel');
    }
    if (packet.seq !== this.nextSeq || packet.seq > MAX_SEQ) {
      const expected = this.nextSeq;
      this.reset();
      throw new CtaphidError('ctaphid-invalid-seq', `continuation seq ${packet.seq}, expected ${expected}`);
    }
    this.nextSeq++;
    const take = Math.min(this.buffer.length - this.filled, CONT_DATA_SIZE);
    this.buffer.set(packet.data.subarray(0, take), this.filled);
    this.filled += take;
    return this.complete();
  }

  private complete(): CtaphidMessage | null {
    if (!this.buffer || this.filled < this.buffer.length) return null;
    const message = { cid: this.cid, cmd: this.cmd, payload: this.buffer };
    this.reset();
    return message;
  }
}

/** Formats a report for the traffic log. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Parses hex (whitespace ignored): fixed byte strings in tests and logs. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`not hex: ${text.slice(0, 20)}…`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
