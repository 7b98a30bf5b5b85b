/**
 * Puts a virtual card into pcscd's vpcd reader (vsmartcard). vpcd listens on TCP; connecting is
 * inserting the card and closing is pulling it. Every message is a 2-byte big-endian length and the
 * bytes: 1-byte messages are control codes (0 power off, 1 power on, 2 reset, 4 send ATR), longer
 * ones are APDUs answered with response data + SW1 SW2.
 */
import { EventEmitter } from 'node:events';
import type { SoftwareCard } from '../software-readers.js';
import { defaultLinkKind, openQuickAckLink, openTcpLink, type Link, type LinkKind } from './vpcd-link.js';

export const VPCD_DEFAULT_PORT = 35963;

const CONTROL = { powerOff: 0, powerOn: 1, reset: 2, atr: 4 } as const;

export interface VpcdClientOptions {
  host?: string;
  port?: number;
  /** While inserted but vpcd is unreachable (pcscd down), try again this often. */
  reconnectMs?: number;
  /** 'quickack' (Python relay, no delayed-ACK stalls) where available, else 'tcp'. */
  link?: LinkKind;
}

export interface VpcdTimings {
  /** ms from the first byte of a message to its last: what a delayed ACK stalls. */
  assemble: number[];
  /** ms the card took to answer. */
  process: number[];
}

/**
 * Events: 'connected' (TCP up), 'inserted' (vpcd spoke to the card: pcscd sees it), 'disconnected',
 * 'apdu' (command, response), 'error'.
 * The card object is kept across insertions, so its PIN counter is too.
 */
export class VpcdClient extends EventEmitter {
  private link: Link | null = null;
  private isConnected = false;
  private isInserted = false;
  private wantInserted = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private messageStart = 0;
  readonly linkKind: LinkKind;
  readonly timings: VpcdTimings = { assemble: [], process: [] };
  /** Optional hook: return 'pull' to yank the card instead of answering this APDU. */
  onApdu: ((apdu: Uint8Array) => 'pull' | undefined) | null = null;

  constructor(readonly card: SoftwareCard, private readonly opts: VpcdClientOptions = {}) {
    super();
    this.linkKind = opts.link ?? defaultLinkKind();
  }

  get port(): number {
    return this.opts.port ?? VPCD_DEFAULT_PORT;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** True once vpcd has talked to the card on this connection (a TCP connect alone can sit in the
   * listen backlog while vpcd serves another card). */
  get inserted(): boolean {
    return this.isInserted;
  }

  /** Inserts the card: connects now, and again whenever vpcd comes back. Resolves once vpcd has
   * spoken to the card. */
  insert(): Promise<void> {
    this.wantInserted = true;
    if (this.isInserted) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.once('inserted', () => resolve()));
    if (!this.link && !this.reconnectTimer) this.open();
    return done;
  }

  /** Pulls the card out (closes the connection) and stays out until insert(). */
  pull(): void {
    this.wantInserted = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const link = this.link;
    this.link = null;
    link?.destroy();
    this.isInserted = false;
    if (this.isConnected) {
      this.isConnected = false;
      this.emit('disconnected');
    }
    this.card.powerOff();
  }

  close(): void {
    this.pull();
    this.removeAllListeners();
  }

  private open(): void {
    const host = this.opts.host ?? '127.0.0.1';
    const openLink = this.linkKind === 'quickack' ? openQuickAckLink : openTcpLink;
    this.buffer = Buffer.alloc(0);
    const link: Link = openLink(host, this.port, {
      connected: () => {
        if (this.link !== link) return;
        this.isConnected = true;
        this.emit('connected');
      },
      data: (chunk) => { if (this.link === link) this.onData(link, chunk); },
      closed: (error) => {
        if (this.link !== link) return;
        this.link = null;
        const was = this.isConnected;
        this.isConnected = false;
        this.isInserted = false;
        this.card.powerOff();
        if (was) this.emit('disconnected', error);
        if (this.wantInserted) {
          this.reconnectTimer = setTimeout(() => {
            this.reconnectTimer = null;
            if (this.wantInserted && !this.link) this.open();
          }, this.opts.reconnectMs ?? 250);
        }
      },
    });
    this.link = link;
  }

  private onData(link: Link, chunk: Buffer): void {
    if (this.buffer.length === 0) this.messageStart = performance.now();
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) return;
      const message = new Uint8Array(this.buffer.subarray(2, 2 + length));
      this.buffer = this.buffer.subarray(2 + length);
      this.timings.assemble.push(performance.now() - this.messageStart);
      this.messageStart = performance.now();
      if (this.link !== link) return;
      if (!this.isInserted) {
        this.isInserted = true;
        this.emit('inserted');
      }
      this.handle(link, message);
    }
  }

  private handle(link: Link, message: Uint8Array): void {
    if (message.length === 1) {
      switch (message[0]) {
        case CONTROL.powerOff: this.card.powerOff(); return;
        case CONTROL.powerOn: this.card.powerOn(); return;
        case CONTROL.reset: this.card.powerOn(); return;
        case CONTROL.atr: this.send(link, this.card.atr); return;
        default: return; // unknown control codes are ignored, as vpcd's own cards do
      }
    }
    if (this.onApdu?.(message) === 'pull') {
      this.pull();
      return;
    }
    const t0 = performance.now();
    const response = this.card.transmit(message);
    this.timings.process.push(performance.now() - t0);
    this.emit('apdu', message, response);
    this.send(link, response);
  }

  private send(link: Link, data: Uint8Array): void {
    // One write for length and data, so the answer leaves in one segment.
    const frame = Buffer.alloc(2 + data.length);
    frame.writeUInt16BE(data.length, 0);
    frame.set(data, 2);
    link.write(frame);
  }
}
