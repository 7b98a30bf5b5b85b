/**
 * The PIV card profile (NIST SP 800-73-4) behind the CardProfile port: SELECT the PIV application,
 * read the CHUID (card GUID), the PIV Authentication certificate (slot 9A) and, when the card has
 * one, the Card Authentication certificate (slot 9E); check the PIN's state, VERIFY once, and sign
 * with GENERAL AUTHENTICATE (9A after the PIN; 9E with no PIN, to prove it is this very card).
 */
import { CardError, isCardError, type CardErrorCode } from '../../../core/card-error.js';
import type { CardAuthenticationKey, CardCredential, CardProfile, SignatureAlgorithm } from '../../../core/ports/card-credential.js';
import type { CardChannel } from '../../../core/ports/card-readers.js';
import type { Log } from '../../../core/ports/log.js';
import { SW } from './apdu.js';
import { checkCertificate, unpackCertificateObject } from './certificate.js';
import { signWithCardKey } from './general-authenticate.js';
import { PIV_AID_SELECT, PIV_INS, PIV_KEY, PIV_PIN, PIV_TAG } from './piv-constants.js';
import { statusToError } from './status-words.js';
import { encodeTlv, requireTlv } from './tlv.js';
import { transceive } from './transceive.js';

export { checkCertificate } from './certificate.js';
export { emsaPkcs1v15 } from './general-authenticate.js';

/** SELECT answers that mean "no PIV application here" rather than a broken card. */
const NOT_THIS_PROFILE = new Set([0x6a82, 0x6d00, 0x6e00, 0x6a86, 0x6a81, 0x6999, 0x6a80]);

/** Failures that say the card or reader went away, not that its 9E object is unusable. */
const CONTACT_LOST = new Set<CardErrorCode>([
  'card-removed', 'card-reset', 'card-busy', 'reader-unavailable', 'service-unavailable', 'transport', 'timeout',
]);

export interface PivProfileOptions {
  log?: Log;
  /** For certificate validity; tests pass a fixed clock. */
  now?: () => number;
}

export class PivProfile implements CardProfile {
  readonly name = 'PIV';
  constructor(private readonly opts: PivProfileOptions = {}) {}

  async open(channel: CardChannel): Promise<CardCredential | null> {
    const log = this.opts.log?.child('piv');
    const select = await transceive(channel, { cla: 0, ins: PIV_INS.SELECT, p1: 0x04, p2: 0x00, data: PIV_AID_SELECT, le: 256 }, log);
    if (NOT_THIS_PROFILE.has(select.sw)) return null;
    if (select.sw !== SW.OK) throw statusToError(select.sw, 'select');

    const chuid = await getData(channel, PIV_TAG.chuid, log);
    const guid = requireTlv(chuid, 0x34, 'CHUID GUID');
    if (guid.length !== 16) throw new CardError('malformed-response', { detail: `CHUID GUID of ${guid.length} bytes` });

    const now = (this.opts.now ?? Date.now)();
    const certificateDer = await readCertificate(channel, PIV_TAG.authenticationCertificate, log);
    if (!certificateDer) throw new CardError('certificate-invalid', { detail: 'no PIV Authentication certificate' });
    const algorithm = checkCertificate(certificateDer, now);
    const cardAuthentication = await readCardAuthentication(channel, now, log);
    return new PivCredential(channel, uuidFromGuid(guid), certificateDer, algorithm, cardAuthentication, log);
  }
}

/** The 9E certificate when the card has a usable one. Without it the card is still usable for
 * sign-in; the station then asks for the PIN on every resume (nothing here can prove the card). */
async function readCardAuthentication(
  channel: CardChannel, now: number, log: Log | undefined,
): Promise<{ certificateDer: Uint8Array; algorithm: SignatureAlgorithm } | undefined> {
  try {
    const certificateDer = await readCertificate(channel, PIV_TAG.cardAuthenticationCertificate, log);
    if (!certificateDer) return undefined;
    return { certificateDer, algorithm: checkCertificate(certificateDer, now) };
  } catch (err) {
    if (!isCardError(err) || CONTACT_LOST.has(err.code)) throw err;
    log?.warn('card authentication certificate unusable: resuming will need the PIN', { code: err.code, detail: err.message });
    return undefined;
  }
}

class PivCredential implements CardCredential {
  readonly pinLength = { min: PIV_PIN.min, max: PIV_PIN.max };
  readonly cardAuthentication?: CardAuthenticationKey;
  /** One command sequence at a time: a GET RESPONSE must follow its own command. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly channel: CardChannel,
    readonly cardId: string,
    readonly certificateDer: Uint8Array,
    readonly algorithm: SignatureAlgorithm,
    cardAuthentication: { certificateDer: Uint8Array; algorithm: SignatureAlgorithm } | undefined,
    private readonly log: Log | undefined,
  ) {
    if (cardAuthentication) {
      const { certificateDer: der, algorithm: alg } = cardAuthentication;
      // Never preceded by VERIFY: the 9E key's whole point is that it works without the PIN.
      this.cardAuthentication = {
        certificateDer: der,
        algorithm: alg,
        sign: (data) => this.serial(() => signWithCardKey(this.channel, PIV_KEY.cardAuthentication, alg, data, this.log), 'retry'),
      };
    }
  }

  pinTriesLeft(): Promise<number | null> {
    return this.serial(async () => {
      const r = await transceive(this.channel, { cla: 0, ins: PIV_INS.VERIFY, p1: 0, p2: PIV_KEY.pin }, this.log);
      if (r.sw === SW.OK) return null; // already verified: the card does not say how many are left
      if ((r.sw & 0xfff0) === 0x63c0) return r.sw & 0x0f;
      if (r.sw === SW.AUTH_METHOD_BLOCKED) return 0;
      throw statusToError(r.sw, 'verify');
    }, 'retry');
  }

  verifyPin(pin: string): Promise<void> {
    // Checked before the card sees anything, so a mistyped PIN costs no try.
    if (!/^[0-9]+$/.test(pin) || pin.length < PIV_PIN.min || pin.length > PIV_PIN.max) {
      return Promise.reject(new CardError('pin-format', { detail: `PIN of ${pin.length} characters` }));
    }
    // A fresh block for each sending (a reset makes serial send it again), wiped once sent. A card
    // that was reset never saw the first one: PC/SC refuses the stale connection before sending.
    return this.serial(async () => {
      const block = new Uint8Array(PIV_PIN.paddedLength).fill(0xff);
      block.set(new TextEncoder().encode(pin));
      try {
        const r = await transceive(this.channel, { cla: 0, ins: PIV_INS.VERIFY, p1: 0, p2: PIV_KEY.pin, data: block }, this.log);
        if (r.sw !== SW.OK) throw statusToError(r.sw, 'verify');
      } finally {
        block.fill(0);
      }
    }, 'retry');
  }

  sign(data: Uint8Array): Promise<Uint8Array> {
    // The PIN this signature relied on went with a reset: the person is asked for it again.
    return this.serial(() => signWithCardKey(this.channel, PIV_KEY.authentication, this.algorithm, data, this.log), 'pin-needed');
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.channel.disconnect();
  }

  /** Runs `fn` after every earlier command sequence. If another program reset the card meanwhile,
   * reconnects to it first (the same card, checked by its CHUID), then runs `fn` again (`retry`)
   * or fails with `card-reset` (`pin-needed`: `fn` needed the PIN the reset cleared). */
  private serial<T>(fn: () => Promise<T>, afterReset: 'retry' | 'pin-needed'): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        if (!isCardError(error, 'card-reset') || !this.channel.reconnect) throw error;
        await this.reconnect();
        if (afterReset === 'pin-needed') throw error;
        return fn();
      }
    };
    const run = this.queue.then(attempt, attempt);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reconnect(): Promise<void> {
    await this.channel.reconnect?.();
    const select = await transceive(this.channel, { cla: 0, ins: PIV_INS.SELECT, p1: 0x04, p2: 0x00, data: PIV_AID_SELECT, le: 256 }, this.log);
    if (select.sw !== SW.OK) throw statusToError(select.sw, 'select');
    const guid = requireTlv(await getData(this.channel, PIV_TAG.chuid, this.log), 0x34, 'CHUID GUID');
    if (uuidFromGuid(guid) !== this.cardId) throw new CardError('card-removed', { detail: 'another card answered after the reset' });
    this.log?.info('the card was reset by another program: reconnected; its PIN is no longer verified');
  }
}

async function getData(channel: CardChannel, tag: number, log: Log | undefined): Promise<Uint8Array> {
  const tagBytes = encodeTlv(0x5c, Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff));
  const r = await transceive(channel, { cla: 0, ins: PIV_INS.GET_DATA, p1: 0x3f, p2: 0xff, data: tagBytes, le: 256 }, log);
  if (r.sw !== SW.OK) throw statusToError(r.sw, 'get-data');
  return requireTlv(r.data, PIV_TAG.container, `data object ${tag.toString(16).toUpperCase()}`);
}

/** The DER certificate in object `tag`, or null when the card has no such object (6A82). */
async function readCertificate(channel: CardChannel, tag: number, log: Log | undefined): Promise<Uint8Array | null> {
  let object: Uint8Array;
  try {
    object = await getData(channel, tag, log);
  } catch (err) {
    if (isCardError(err, 'file-not-found')) return null;
    throw err;
  }
  return unpackCertificateObject(object);
}

/** The 16-byte CHUID GUID as an RFC 4122 string. */
export function uuidFromGuid(guid: Uint8Array): string {
  const h = Array.from(guid, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function guidFromUuid(uuid: string): Uint8Array {
  const h = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new RangeError(`not a UUID: ${uuid}`);
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}
