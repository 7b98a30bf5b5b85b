/**
 * The PIV card profile (NIST SP 800-73-4) behind the CardProfile port: SELECT the PIV application,
 * read the CHUID (card GUID) and the PIV Authentication certificate (slot 9A), check the PIN's
 * state, VERIFY once, and sign with GENERAL AUTHENTICATE. Padding and hashing happen here, on the
 * host; the card only does the private-key operation.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CardError, isCardError } from '../../../core/card-error.js';
import type { CardCredential, CardProfile, SignatureAlgorithm } from '../../../core/ports/card-credential.js';
import type { CardChannel } from '../../../core/ports/card-readers.js';
import type { Log } from '../../../core/ports/log.js';
import { SW } from './apdu.js';
import { PIV_AID_SELECT, PIV_ALGORITHM, PIV_INS, PIV_KEY, PIV_PIN, PIV_TAG } from './piv-constants.js';
import { statusToError } from './status-words.js';
import { encodeTlv, requireTlv } from './tlv.js';
import { transceive } from './transceive.js';

/** SELECT answers that mean "no PIV application here" rather than a broken card. */
const NOT_THIS_PROFILE = new Set([0x6a82, 0x6d00, 0x6e00, 0x6a86, 0x6a81, 0x6999, 0x6a80]);

/** DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20);

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

    const certificateDer = await readCertificate(channel, PIV_TAG.authenticationCertificate, log);
    const algorithm = checkCertificate(certificateDer, (this.opts.now ?? Date.now)());
    return new PivCredential(channel, uuidFromGuid(guid), certificateDer, algorithm, log);
  }
}

class PivCredential implements CardCredential {
  readonly pinLength = { min: PIV_PIN.min, max: PIV_PIN.max };
  /** One command sequence at a time: a GET RESPONSE must follow its own command. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly channel: CardChannel,
    readonly cardId: string,
    readonly certificateDer: Uint8Array,
    readonly algorithm: SignatureAlgorithm,
    private readonly log: Log | undefined,
  ) {}

  pinTriesLeft(): Promise<number | null> {
    return this.serial(async () => {
      const r = await transceive(this.channel, { cla: 0, ins: PIV_INS.VERIFY, p1: 0, p2: PIV_KEY.pin }, this.log);
      if (r.sw === SW.OK) return null; // already verified: the card does not say how many are left
      if ((r.sw & 0xfff0) === 0x63c0) return r.sw & 0x0f;
      if (r.sw === SW.AUTH_METHOD_BLOCKED) return 0;
      throw statusToError(r.sw, 'verify');
    });
  }

  verifyPin(pin: string): Promise<void> {
    // Checked before the card sees anything, so a mistyped PIN costs no try.
    if (!/^[0-9]+$/.test(pin) || pin.length < PIV_PIN.min || pin.length > PIV_PIN.max) {
      return Promise.reject(new CardError('pin-format', { detail: `PIN of ${pin.length} characters` }));
    }
    const block = new Uint8Array(PIV_PIN.paddedLength).fill(0xff);
    block.set(new TextEncoder().encode(pin));
    return this.serial(async () => {
      try {
        const r = await transceive(this.channel, { cla: 0, ins: PIV_INS.VERIFY, p1: 0, p2: PIV_KEY.pin, data: block }, this.log);
        if (r.sw !== SW.OK) throw statusToError(r.sw, 'verify');
      } finally {
        block.fill(0);
      }
    });
  }

  sign(data: Uint8Array): Promise<Uint8Array> {
    const hash = new Uint8Array(createHash('sha256').update(data).digest());
    const [algorithmId, input] = this.algorithm === 'RS256'
      ? [PIV_ALGORITHM.rsa2048, emsaPkcs1v15(hash, 256)]
      : [PIV_ALGORITHM.p256, hash];
    const template = encodeTlv(PIV_TAG.dynamicAuthenticationTemplate, encodeTlv(0x82, new Uint8Array(0)), encodeTlv(0x81, input));
    return this.serial(async () => {
      const r = await transceive(this.channel, {
        cla: 0, ins: PIV_INS.GENERAL_AUTHENTICATE, p1: algorithmId, p2: PIV_KEY.authentication, data: template, le: 256,
      }, this.log);
      if (r.sw !== SW.OK) throw statusToError(r.sw, 'general-authenticate');
      const inner = requireTlv(r.data, PIV_TAG.dynamicAuthenticationTemplate, 'dynamic authentication template');
      const signature = requireTlv(inner, 0x82, 'signature');
      if (this.algorithm === 'RS256' && signature.length !== 256) {
        throw new CardError('malformed-response', { detail: `RSA signature of ${signature.length} bytes` });
      }
      return new Uint8Array(signature);
    });
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.channel.disconnect();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function getData(channel: CardChannel, tag: number, log: Log | undefined): Promise<Uint8Array> {
  const tagBytes = encodeTlv(0x5c, Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff));
  const r = await transceive(channel, { cla: 0, ins: PIV_INS.GET_DATA, p1: 0x3f, p2: 0xff, data: tagBytes, le: 256 }, log);
  if (r.sw !== SW.OK) throw statusToError(r.sw, 'get-data');
  return requireTlv(r.data, PIV_TAG.container, `data object ${tag.toString(16).toUpperCase()}`);
}

async function readCertificate(channel: CardChannel, tag: number, log: Log | undefined): Promise<Uint8Array> {
  let object: Uint8Array;
  try {
    object = await getData(channel, tag, log);
  } catch (err) {
    if (isCardError(err, 'file-not-found')) throw new CardError('certificate-invalid', { detail: 'no PIV Authentication certificate', cause: err });
    throw err;
  }
  const cert = requireTlv(object, 0x70, 'certificate');
  const info = requireTlv(object, 0x71, 'CertInfo');
  if (((info[0] ?? 0) & 0x01) === 0) return new Uint8Array(cert);
  try {
    return new Uint8Array(gunzipSync(cert)); // CertInfo bit 0: gzip-compressed
  } catch (cause) {
    throw new CardError('malformed-response', { detail: 'compressed certificate does not inflate', cause });
  }
}

/** Parses the certificate, checks its dates and returns the signature algorithm its key implies. */
export function checkCertificate(der: Uint8Array, now: number): SignatureAlgorithm {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (cause) {
    throw new CardError('certificate-invalid', { detail: 'certificate does not parse', cause });
  }
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
    throw new CardError('certificate-expired', { detail: `valid ${cert.validFrom} – ${cert.validTo}` });
  }
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && details.modulusLength === 2048) return 'RS256';
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ES256';
  throw new CardError('certificate-invalid', { detail: `unsupported key ${key.asymmetricKeyType ?? '?'}` });
}

/** EMSA-PKCS1-v1_5 encoding of a SHA-256 hash to `length` bytes: 00 01 FF… 00 DigestInfo. */
export function emsaPkcs1v15(hash: Uint8Array, length: number): Uint8Array {
  const t = new Uint8Array(SHA256_DIGEST_INFO.length + hash.length);
  t.set(SHA256_DIGEST_INFO);
  t.set(hash, SHA256_DIGEST_INFO.length);
  if (length < t.length + 11) throw new RangeError('modulus too short');
  const em = new Uint8Array(length).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[length - t.length - 1] = 0x00;
  em.set(t, length - t.length);
  return em;
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
