/**
 * The CardChannel of one connected pcsclite reader (transmit with a timeout, reconnect after
 * another program reset the card, disconnect with a reset): split from PcscCardReaders so APDU
 * exchange lives apart from reader discovery.
 */
import { CardError } from '../../core/card-error.js';
import type { CardChannel } from '../../core/ports/card-readers.js';
import type { Log } from '../../core/ports/log.js';
import { pcscError } from './pcsc-errors.js';
import type { ReaderState } from './pcsc-reader-state.js';

const RESPONSE_MAX = 65538;
/** pcscd polls some readers (vpcd) every ~400 ms: how long to wait to learn a card was pulled. */
const CARD_GONE_GRACE_MS = 1_200;

export interface ChannelContext {
  timeoutMs: number;
  log: Log | undefined;
  /** Whether `state` is still the live reader called `name`. */
  isCurrent: (name: string, state: ReaderState) => boolean;
}

export function openChannel(name: string, state: ReaderState, atr: Uint8Array, ctx: ChannelContext): CardChannel {
  const { timeoutMs, isCurrent } = ctx;
  let open = true;
  return {
    reader: name,
    atr,
    transmit: (apdu) => new Promise<Uint8Array>((resolve, reject) => {
      if (!open) return reject(new CardError('transport', { detail: 'channel already disconnected' }));
      if (!isCurrent(name, state)) return reject(new CardError('card-removed', { detail: `${name} went away` }));
      const timer = setTimeout(() => reject(new CardError('timeout', { detail: `no answer from ${name} in ${timeoutMs} ms` })), timeoutMs);
      state.reader.transmit(Buffer.from(apdu), RESPONSE_MAX, state.protocol ?? state.reader.SCARD_PROTOCOL_T1, (err, data) => {
        clearTimeout(timer);
        // A card pulled mid-command shows up as a transport error or an empty answer (vpcd);
        // the status poll tells which it was a moment later.
        if (err) return void explainFailure(pcscError(err, `transmit to ${name}`), name, state, isCurrent).then(reject);
        if (data.length < 2) {
          return void explainFailure(new CardError('transport', { detail: `${name} answered ${data.length} bytes` }), name, state, isCurrent).then(reject);
        }
        resolve(new Uint8Array(data));
      });
    }),
    // SCardReconnect, as pcsclite offers it: leave the card as it is (already reset), connect again.
    reconnect: () => new Promise<void>((resolve, reject) => {
      if (!open) return reject(new CardError('transport', { detail: 'channel already disconnected' }));
      if (!isCurrent(name, state) || state.card === null) return reject(new CardError('card-removed', { detail: `${name} has no card to reconnect to` }));
      const { reader } = state;
      const connect = (): void => reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (err, protocol) => {
        if (err) return reject(pcscError(err, `reconnect to ${name}`));
        if (protocol !== undefined) state.protocol = protocol;
        resolve();
      });
      if (!reader.connected) return connect();
      reader.disconnect(reader.SCARD_LEAVE_CARD, (err) => {
        if (err) ctx.log?.debug('disconnect before reconnect failed', { reader: name, error: String(err) });
        connect();
      });
    }),
    disconnect: () => new Promise<void>((resolve) => {
      if (!open) return resolve();
      open = false;
      if (!isCurrent(name, state) || !state.reader.connected) return resolve();
      // Reset, so no other program inherits this session's verified PIN.
      state.reader.disconnect(state.reader.SCARD_RESET_CARD, (err) => {
        if (err) ctx.log?.debug('disconnect failed', { reader: name, error: String(err) });
        resolve();
      });
    }),
  };
}

/** Turns a vague transport failure into 'card-removed' when the card turns out to be gone. */
async function explainFailure(error: CardError, name: string, state: ReaderState, isCurrent: ChannelContext['isCurrent']): Promise<CardError> {
  if (error.code !== 'transport') return error;
  const until = Date.now() + CARD_GONE_GRACE_MS;
  while (Date.now() < until && state.card !== null && isCurrent(name, state)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (state.card === null || !isCurrent(name, state)) {
    return new CardError('card-removed', { detail: error.message, cause: error });
  }
  return error;
}
