/**
 * PcscCardReaders: the CardReaders port over pcsclite, against pcscd (or Windows' Smart Card
 * service). Facts it is built on (ENVIRONMENT.md): pcsclite throws at once without pcscd, and an
 * instance that saw pcscd restart ("RPC transport error") never recovers, so the adapter retries
 * with backoff and builds a new instance; the first status event of a reader is its initial state;
 * close() must close every reader too or the process never exits. All pcsclite calls are
 * asynchronous, so nothing here blocks the event loop.
 */
import pcsclite from 'pcsclite';
import { CardError } from '../../core/card-error.js';
import type { CardChannel, CardReaderEvent, CardReaders } from '../../core/ports/card-readers.js';
import type { Log } from '../../core/ports/log.js';
import { openChannel } from './pcsc-channel.js';
import { isServiceLost, pcscError } from './pcsc-errors.js';
import { closeQuietly, closeWhenSafe, sameBytes, type PcscInstance, type PcscReader, type ReaderState } from './pcsc-reader-state.js';

export interface PcscCardReadersOptions {
  log?: Log;
  /** Backoff while the card service is unreachable. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Longest a single APDU may take before it fails with 'timeout'. */
  transmitTimeoutMs?: number;
  /** Replaces pcsclite (tests of the retry logic). */
  createContext?: () => PcscInstance;
}

export class PcscCardReaders implements CardReaders {
  private readonly listeners = new Set<(event: CardReaderEvent) => void>();
  private readonly states = new Map<string, ReaderState>();
  private readonly log: Log | undefined;
  private context: PcscInstance | null = null;
  private readonly contextLife = new WeakMap<PcscInstance, { errored: boolean; retired: boolean }>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs: number;
  private serviceAvailable: boolean | undefined;
  private started = false;
  private closed = false;

  constructor(private readonly opts: PcscCardReadersOptions = {}) {
    this.log = opts.log?.child('pcsc');
    this.retryMs = opts.retry?.initialMs ?? 250;
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.openContext();
  }

  subscribe(listener: (event: CardReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readers(): readonly string[] {
    return [...this.states.keys()];
  }

  /** Whether pcscd answered last time we looked (undefined before the first attempt). */
  get serviceUp(): boolean | undefined {
    return this.serviceAvailable;
  }

  connect(name: string): Promise<CardChannel> {
    const state = this.states.get(name);
    if (!state) return Promise.reject(new CardError(this.serviceAvailable === false ? 'service-unavailable' : 'reader-unavailable', { detail: `no reader ${name}` }));
    const { reader } = state;
    return new Promise<CardChannel>((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (err, protocol) => {
        if (err) return reject(pcscError(err, `connect to ${name}`));
        // pcsclite shares one handle per reader: a second connect reuses the first one's protocol.
        if (protocol !== undefined) state.protocol = protocol;
        const atr = state.card ?? new Uint8Array(0);
        resolve(this.channel(name, state, atr));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropContext(false);
    this.listeners.clear();
    await new Promise((resolve) => setImmediate(resolve)); // the deferred pcsclite close() calls have run
  }

  private channel(name: string, state: ReaderState, atr: Uint8Array): CardChannel {
    return openChannel(name, state, atr, {
      timeoutMs: this.opts.transmitTimeoutMs ?? 30_000,
      log: this.log,
      isCurrent: (n, s) => this.states.get(n) === s,
    });
  }

  private openContext(): void {
    if (this.closed) return;
    let context: PcscInstance;
    try {
      context = (this.opts.createContext ?? pcsclite)();
    } catch (err) {
      this.serviceLost(err);
      return;
    }
    this.context = context;
    const life = { errored: false, retired: false };
    this.contextLife.set(context, life);
    context.on('error', (err: unknown) => {
      life.errored = true;
      if (life.retired) return closeQuietly(() => context.close(), this.log);
      if (this.context !== context) return;
      this.log?.warn('card service error', { error: String(err) });
      this.serviceLost(err);
    });
    context.on('reader', (reader: PcscReader) => {
      if (this.context !== context) {
        // A reader of an instance we already let go: close it once its thread is safe to stop.
        const orphan: ReaderState = { reader, card: undefined, ready: false, ended: false, retired: true, waitForEnd: false, closed: false };
        reader.on('status', () => { orphan.ready = true; this.closeWhenSafe(orphan); });
        reader.on('end', () => { orphan.ended = true; this.closeWhenSafe(orphan); });
        return;
      }
      this.markServiceUp();
      this.addReader(reader);
    });
    // pcsclite reports an empty reader list by silence: reaching here means pcscd answered
    // unless an 'error' follows right away.
    setImmediate(() => { if (this.context === context) this.markServiceUp(); });
  }

  private addReader(reader: PcscReader): void {
    const name = reader.name;
    const state: ReaderState = { reader, card: undefined, ready: false, ended: false, retired: false, waitForEnd: false, closed: false };
    this.states.set(name, state);
    this.emit({ type: 'reader-added', reader: name });
    reader.on('status', (status: { state: number; atr?: Buffer }) => {
      state.ready = true;
      if (state.retired) return this.closeWhenSafe(state);
      if (this.states.get(name) !== state) return;
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;
      const atr = present && status.atr && status.atr.length > 0 ? new Uint8Array(status.atr) : null;
      const before = state.card;
      if (before && (!atr || !sameBytes(before, atr))) {
        state.card = null;
        this.emit({ type: 'card-removed', reader: name });
      }
      if (atr && (!before || !sameBytes(before, atr))) {
        state.card = atr;
        this.emit({ type: 'card-inserted', reader: name, atr });
      }
      state.card = atr;
    });
    reader.on('end', () => {
      state.ended = true;
      if (state.retired) return this.closeWhenSafe(state);
      if (this.states.get(name) !== state) return;
      this.removeReader(name, state);
    });
    reader.on('error', (err: unknown) => {
      this.log?.debug('reader error', { reader: name, error: String(err) });
      if (isServiceLost(err) && this.states.get(name) === state) this.serviceLost(err);
    });
  }

  private removeReader(name: string, state: ReaderState): void {
    this.states.delete(name);
    if (state.card) this.emit({ type: 'card-removed', reader: name });
    this.emit({ type: 'reader-removed', reader: name });
  }

  private markServiceUp(): void {
    this.retryMs = this.opts.retry?.initialMs ?? 250;
    if (this.serviceAvailable === true) return;
    this.serviceAvailable = true;
    this.log?.info('card service available');
    this.emit({ type: 'service', available: true });
  }

  /** pcscd is gone (or never was): forget every reader, tell listeners, try again later. */
  private serviceLost(err: unknown): void {
    this.dropContext(true);
    if (this.serviceAvailable !== false) {
      this.serviceAvailable = false;
      this.log?.warn('card service unavailable', { error: String(err) });
      this.emit({ type: 'service', available: false, detail: String(err instanceof Error ? err.message : err) });
    }
    if (this.closed || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.opts.retry?.maxMs ?? 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.openContext();
    }, delay);
  }

  /**
   * Lets go of the pcsclite instance and every reader it made, so nothing keeps the process alive.
   * pcsclite's close() joins the status thread synchronously: with pcscd gone, a thread still inside
   * SCardGetStatusChange can make that wait forever and freeze the event loop. So when the service
   * is lost, anything whose thread is still running is closed later, once it reports its error.
   */
  private dropContext(announce: boolean): void {
    const context = this.context;
    this.context = null;
    const deferUnfinished = this.serviceAvailable === false || announce;
    for (const [name, state] of [...this.states]) {
      if (announce) this.removeReader(name, state);
      else this.states.delete(name);
      state.retired = true;
      state.waitForEnd = deferUnfinished;
      this.closeWhenSafe(state);
      if (!state.closed && state.waitForEnd) {
        // Should pcscd be alive after all, its thread never ends by itself: cancel it after a while.
        setTimeout(() => { state.waitForEnd = false; this.closeWhenSafe(state); }, 3_000).unref();
      }
    }
    if (!context) return;
    const life = this.contextLife.get(context);
    if (!life || life.errored || !deferUnfinished) closeQuietly(() => context.close(), this.log);
    else life.retired = true;
  }

  /** Closes a let-go reader once that cannot hang (see pcsc-reader-state.ts). */
  private closeWhenSafe(state: ReaderState): void {
    closeWhenSafe(state, this.log);
  }

  private emit(event: CardReaderEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log?.error('card event listener failed', { event: event.type, error: String(err) });
      }
    }
  }
}
