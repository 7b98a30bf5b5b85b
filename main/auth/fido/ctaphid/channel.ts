/**
 * A CTAPHID channel to one FIDO device over the HidDevice port: allocates a channel with INIT,
 * sends requests, reassembles responses, reports KEEPALIVE (so the shell can say "touch your key"),
 * cancels on request, and turns timeouts and unplugging into typed errors.
 */
import type { HidDevice } from '../../../core/ports/hid-transport.js';
import type { Log } from '../../../core/ports/log.js';
import {
  BROADCAST_CID, Capability, CtaphidCommand, INIT_NONCE_SIZE, KeepaliveStatus,
} from './constants.js';
import { CtaphidError } from './errors.js';
import { encodeMessage, hex, MessageAssembler, parsePacket, type CtaphidMessage } from './framing.js';

export type KeepaliveEvent = 'processing' | 'user-presence-needed';

export interface CtaphidCallOptions {
  /** Whole-request deadline; on expiry the request is cancelled and 'timeout' thrown. */
  timeoutMs?: number;
  /** Aborting sends CTAPHID_CANCEL; the authenticator then answers (CTAP2: KEEPALIVE_CANCEL). */
  signal?: AbortSignal;
  onKeepalive?: (status: KeepaliveEvent) => void;
}

export interface CtaphidChannelOptions {
  log?: Log;
  /** Source of the INIT nonce (tests pass a fixed one). */
  nonce?: () => Uint8Array;
  initTimeoutMs?: number;
}

export interface CtaphidDeviceInfo {
  protocolVersion: number;
  deviceVersion: readonly [number, number, number];
  capabilities: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Reads are sliced so cancellation and deadlines are noticed promptly. */
const READ_SLICE_MS = 100;
/** How long to wait for the authenticator's answer after CTAPHID_CANCEL. */
const CANCEL_GRACE_MS = 1_000;

export class CtaphidChannel {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(status: KeepaliveEvent) => void>();
  private closed = false;
  /** Set after a request ended abnormally: a late answer may still be on its way. */
  private stale = false;

  private constructor(
    private readonly device: HidDevice,
    readonly cid: number,
    readonly info: CtaphidDeviceInfo,
    private readonly log: Log | undefined,
  ) {}

  /** Allocates a channel: CTAPHID_INIT with a random 8-byte nonce on the broadcast channel. */
  static async open(device: HidDevice, options: CtaphidChannelOptions = {}): Promise<CtaphidChannel> {
    const nonce = options.nonce?.() ?? globalThis.crypto.getRandomValues(new Uint8Array(INIT_NONCE_SIZE));
    if (nonce.length !== INIT_NONCE_SIZE) throw new CtaphidError('ctaphid-invalid-par', 'INIT nonce must be 8 bytes');
    const response = await transact(device, options.log, BROADCAST_CID, CtaphidCommand.INIT, nonce, {
      timeoutMs: options.initTimeoutMs ?? 2_000,
    }, (m) => m.payload.length >= INIT_NONCE_SIZE && equal(m.payload.subarray(0, INIT_NONCE_SIZE), nonce));
    const p = response.payload;
    if (p.length < 17) throw new CtaphidError('malformed-response', `INIT response of ${p.length} bytes`);
    const cid = new DataView(p.buffer, p.byteOffset + 8, 4).getUint32(0);
    if (cid === BROADCAST_CID || cid === 0) throw new CtaphidError('malformed-response', 'INIT allocated a reserved channel id');
    const info: CtaphidDeviceInfo = {
      protocolVersion: p[12]!,
      deviceVersion: [p[13]!, p[14]!, p[15]!],
      capabilities: p[16]!,
    };
    return new CtaphidChannel(device, cid, info, options.log);
  }

  get supportsCbor(): boolean { return (this.info.capabilities & Capability.CBOR) !== 0; }

  /** Keepalive statuses of every request on this channel (in addition to per-call callbacks). */
  onKeepalive(listener: (status: KeepaliveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one request and resolves the response payload. Requests are serialised. */
  call(cmd: number, payload: Uint8Array, options: CtaphidCallOptions = {}): Promise<Uint8Array> {
    const run = async (): Promise<Uint8Array> => {
      if (this.closed) throw new CtaphidError('device-removed', 'channel is closed');
      const onKeepalive = (status: KeepaliveEvent) => {
        options.onKeepalive?.(status);
        for (const l of this.listeners) l(status);
      };
      if (this.stale) {
        await drain(this.device);
        this.stale = false;
      }
      try {
        const message = await transact(this.device, this.log, this.cid, cmd, payload, { ...options, onKeepalive });
        return message.payload;
      } catch (e) {
        this.stale = true;
        throw e;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  cbor(request: Uint8Array, options?: CtaphidCallOptions): Promise<Uint8Array> {
    return this.call(CtaphidCommand.CBOR, request, options);
  }

  ping(data: Uint8Array, options?: CtaphidCallOptions): Promise<Uint8Array> {
    return this.call(CtaphidCommand.PING, data, options);
  }

  async wink(): Promise<void> {
    await this.call(CtaphidCommand.WINK, new Uint8Array(0), { timeoutMs: 2_000 });
  }

  /** CTAPHID_LOCK: reserves the device for this channel for up to 10 s (0 releases it). */
  async lock(seconds: number): Promise<void> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 10) throw new CtaphidError('ctaphid-invalid-par', 'lock time must be 0..10 s');
    await this.call(CtaphidCommand.LOCK, Uint8Array.of(seconds), { timeoutMs: 2_000 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.device.close();
  }
}

async function transact(
  device: HidDevice,
  log: Log | undefined,
  cid: number,
  cmd: number,
  payload: Uint8Array,
  options: CtaphidCallOptions,
  accept: (m: CtaphidMessage) => boolean = () => true,
): Promise<CtaphidMessage> {
  for (const report of encodeMessage(cid, cmd, payload)) {
    log?.traffic('ctaphid >', { report: hex(report) });
    await io(() => device.write(report));
  }
  let deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let cancelSent = false;
  let timedOut = false;
  const assembler = new MessageAssembler();
  for (;;) {
    if (!cancelSent && (options.signal?.aborted || Date.now() >= deadline)) {
      timedOut = !options.signal?.aborted;
      cancelSent = true;
      await sendCancel(device, cid);
      deadline = Date.now() + CANCEL_GRACE_MS;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw timedOut
        ? new CtaphidError('timeout', `no answer to command 0x${cmd.toString(16)} in time`)
        : new CtaphidError('cancelled', 'request cancelled and the device did not answer');
    }
    let report: Uint8Array;
    try {
      report = await io(() => device.read(Math.min(left, READ_SLICE_MS)));
    } catch (e) {
      if (e instanceof CtaphidError && e.code === 'timeout') continue;
      throw e;
    }
    log?.traffic('ctaphid <', { report: hex(report) });
    const packet = parsePacket(report);
    if (packet.cid !== cid) continue; // another host's channel: not ours to read
    if (packet.kind === 'init') {
      if (packet.cmd === CtaphidCommand.KEEPALIVE) {
        const status = packet.data[0];
        options.onKeepalive?.(status === KeepaliveStatus.UPNEEDED ? 'user-presence-needed' : 'processing');
        continue;
      }
      if (packet.cmd === CtaphidCommand.ERROR) throw CtaphidError.fromErrorByte(packet.data[0] ?? 0x7f);
      if (packet.cmd !== cmd) {
        throw new CtaphidError('unexpected-response', `answer 0x${packet.cmd.toString(16)} to command 0x${cmd.toString(16)}`);
      }
    }
    const message = assembler.push(packet);
    if (!message || !accept(message)) continue;
    // Cancelled for lack of time: the answer that still came is dropped, the caller hears 'timeout'.
    if (timedOut) throw new CtaphidError('timeout', `no answer to command 0x${cmd.toString(16)} in time`);
    return message;
  }
}

/** Discards input reports left over from an abandoned request. */
async function drain(device: HidDevice): Promise<void> {
  for (let i = 0; i < 256; i++) {
    try {
      await device.read(5);
    } catch {
      return; // timeout (nothing left) or the device is gone: the next request will tell
    }
  }
}

async function sendCancel(device: HidDevice, cid: number): Promise<void> {
  const [report] = encodeMessage(cid, CtaphidCommand.CANCEL, new Uint8Array(0));
  await io(() => device.write(report!));
}

/** Device calls: our adapters throw CtaphidError ('timeout', 'device-removed'); anything else is I/O. */
async function io<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CtaphidError) throw e;
    throw new CtaphidError('device-io', `HID I/O failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
