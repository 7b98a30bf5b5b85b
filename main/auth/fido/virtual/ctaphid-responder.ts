/**
 * The authenticator side of CTAPHID: allocates channels, reassembles requests per channel,
 * answers PING/WINK/LOCK/INIT itself, hands CBOR to the CTAP2 authenticator, sends KEEPALIVE while
 * it works and honours CANCEL. Used by the virtual authenticator; speaks to any host that follows
 * CTAP 2.1 §11.2 (our CtaphidChannel, python-fido2's CtapHidDevice).
 */
import {
  BROADCAST_CID, Capability, CTAPHID_PROTOCOL_VERSION, CtaphidCommand, CtaphidErr, INIT_NONCE_SIZE,
  KeepaliveStatus,
} from '../ctaphid/constants.js';
import { CtaphidError } from '../ctaphid/errors.js';
import { encodeMessage, MessageAssembler, parsePacket, type CtaphidMessage } from '../ctaphid/framing.js';

export interface CborContext {
  /** Aborted by CTAPHID_CANCEL, INIT resync or unplugging. */
  signal: AbortSignal;
  /** Sets the status the next KEEPALIVE reports (PROCESSING or UPNEEDED). */
  keepalive(status: number): void;
}

export interface CborHandler {
  /** Answers one CTAP2 request: status byte followed by an optional CBOR map. */
  handleCbor(request: Uint8Array, context: CborContext): Promise<Uint8Array>;
}

export interface ResponderOptions {
  deviceVersion?: readonly [number, number, number];
  keepaliveIntervalMs?: number;
  /** Time allowed between the packets of one request before ERR_MSG_TIMEOUT. */
  messageTimeoutMs?: number;
}

interface Busy { cid: number; abort: AbortController }

export class CtaphidResponder {
  private readonly channels = new Set<number>();
  private readonly assemblers = new Map<number, { assembler: MessageAssembler; timer?: ReturnType<typeof setTimeout> }>();
  private busy: Busy | null = null;
  private nextCid = 1;

  constructor(
    private readonly handler: CborHandler,
    private readonly send: (report: Uint8Array) => void,
    private readonly options: ResponderOptions = {},
  ) {}

  /** One 64-byte output report from the host. */
  receive(report: Uint8Array): void {
    let packet;
    try {
      packet = parsePacket(report);
    } catch {
      return; // not a CTAPHID report: a real device never sees one, drop it
    }
    const { cid } = packet;
    if (packet.kind === 'init' && packet.cmd === CtaphidCommand.INIT) return this.init(cid, packet.length, packet.data);
    if (packet.kind === 'init' && packet.cmd === CtaphidCommand.CANCEL) {
      if (this.busy?.cid === cid) this.busy.abort.abort();
      return;
    }
    if (cid === 0 || cid === BROADCAST_CID || !this.channels.has(cid)) {
      if (packet.kind === 'init') this.error(cid, CtaphidErr.INVALID_CHANNEL);
      return;
    }
    if (packet.kind === 'init' && this.busy) return this.error(cid, CtaphidErr.CHANNEL_BUSY);
    const pending = this.assemblers.get(cid);
    if (packet.kind === 'cont' && !pending) return; // spurious continuation: ignored (§11.2.4)
    const entry: { assembler: MessageAssembler; timer?: ReturnType<typeof setTimeout> } = pending ?? { assembler: new MessageAssembler() };
    clearTimeout(entry.timer);
    let message: CtaphidMessage | null;
    try {
      message = entry.assembler.push(packet);
    } catch (e) {
      this.assemblers.delete(cid);
      return this.error(cid, e instanceof CtaphidError ? e.errorByte : CtaphidErr.OTHER);
    }
    if (!message) {
      entry.timer = setTimeout(() => {
        this.assemblers.delete(cid);
        this.error(cid, CtaphidErr.MSG_TIMEOUT);
      }, this.options.messageTimeoutMs ?? 500);
      entry.timer.unref?.();
      this.assemblers.set(cid, entry);
      return;
    }
    this.assemblers.delete(cid);
    void this.dispatch(message);
  }

  /** Unplugged: forget every channel and abort the running request without answering. */
  reset(): void {
    this.busy?.abort.abort();
    this.busy = null;
    for (const { timer } of this.assemblers.values()) clearTimeout(timer);
    this.assemblers.clear();
    this.channels.clear();
  }

  private init(cid: number, length: number, data: Uint8Array): void {
    if (length !== INIT_NONCE_SIZE) return this.error(cid, CtaphidErr.INVALID_LEN);
    if (cid !== BROADCAST_CID && !this.channels.has(cid)) return this.error(cid, CtaphidErr.INVALID_CHANNEL);
    // INIT on an allocated channel resynchronises it: drop whatever was in flight there.
    if (this.busy?.cid === cid) this.busy.abort.abort();
    this.assemblers.delete(cid);
    let newCid = cid;
    if (cid === BROADCAST_CID) {
      newCid = this.nextCid++;
      this.channels.add(newCid);
    }
    const [major, minor, build] = this.options.deviceVersion ?? [1, 0, 0];
    const payload = new Uint8Array(17);
    payload.set(data.subarray(0, INIT_NONCE_SIZE));
    new DataView(payload.buffer).setUint32(8, newCid);
    payload.set([CTAPHID_PROTOCOL_VERSION, major, minor, build, Capability.WINK | Capability.CBOR | Capability.NMSG], 12);
    this.reply(cid, CtaphidCommand.INIT, payload);
  }

  private async dispatch(message: CtaphidMessage): Promise<void> {
    const { cid, cmd, payload } = message;
    switch (cmd) {
      case CtaphidCommand.PING: return this.reply(cid, cmd, payload);
      case CtaphidCommand.WINK: return this.reply(cid, cmd, new Uint8Array(0));
      case CtaphidCommand.LOCK:
        if (payload.length !== 1) return this.error(cid, CtaphidErr.INVALID_LEN);
        return this.reply(cid, cmd, new Uint8Array(0));
      case CtaphidCommand.CBOR: return this.cbor(cid, payload);
      default: return this.error(cid, CtaphidErr.INVALID_CMD); // includes MSG: no CTAP1/U2F here
    }
  }

  private async cbor(cid: number, request: Uint8Array): Promise<void> {
    if (request.length === 0) return this.error(cid, CtaphidErr.INVALID_LEN);
    const busy: Busy = { cid, abort: new AbortController() };
    this.busy = busy;
    let status: number = KeepaliveStatus.PROCESSING;
    const interval = setInterval(() => {
      if (this.busy === busy) this.send(encodeMessage(cid, CtaphidCommand.KEEPALIVE, Uint8Array.of(status))[0]!);
    }, this.options.keepaliveIntervalMs ?? 100);
    try {
      const response = await this.handler.handleCbor(request, {
        signal: busy.abort.signal,
        keepalive: (s) => { status = s; },
      });
      // A request superseded by INIT or unplugging gets no answer.
      if (this.busy === busy && this.channels.has(cid)) this.reply(cid, CtaphidCommand.CBOR, response);
    } catch {
      if (this.busy === busy && this.channels.has(cid)) this.error(cid, CtaphidErr.OTHER);
    } finally {
      clearInterval(interval);
      if (this.busy === busy) this.busy = null;
    }
  }

  private reply(cid: number, cmd: number, payload: Uint8Array): void {
    for (const report of encodeMessage(cid, cmd, payload)) this.send(report);
  }

  private error(cid: number, code: number): void {
    this.reply(cid, CtaphidCommand.ERROR, Uint8Array.of(code));
  }
}
