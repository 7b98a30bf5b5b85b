/**
 * CTAP2 client over a CTAPHID channel: authenticatorGetInfo, authenticatorMakeCredential and
 * authenticatorGetAssertion, always with built-in user verification (the fingerprint), never a
 * key PIN. Requests are canonical CBOR with integer keys (CTAP 2.1 §6).
 */
import type { CtaphidCallOptions, CtaphidChannel } from '../ctaphid/channel.js';
import { FidoError, TRY_AGAIN } from '../errors.js';
import { CborMap, decodeCbor, encodeCanonical, type CborValue } from './cbor.js';
import { ClientPinSub, COSE_ES256, CtapCommand, CtapStatus } from './constants.js';
import { CtapError } from './errors.js';

export interface AuthenticatorInfo {
  versions: string[];
  extensions: string[];
  aaguid: Uint8Array;
  /** Option id → value; absent means not supported (e.g. no `uv`: no built-in verification). */
  options: Record<string, boolean>;
  maxMsgSize: number | null;
  pinUvAuthProtocols: number[];
  algorithms: { type: string; alg: number }[];
}

export interface PublicKeyCredentialDescriptor {
  type: 'public-key';
  id: Uint8Array;
}

export interface MakeCredentialRequest {
  clientDataHash: Uint8Array;
  rp: { id: string; name?: string };
  user: { id: Uint8Array; name?: string; displayName?: string };
  /** COSE algorithms the relying party accepts, in preference order. ES256 must be among them. */
  algorithms?: number[];
  excludeList?: PublicKeyCredentialDescriptor[];
  /** Discoverable credential (stored on the key with the user handle). */
  residentKey?: boolean;
}

export interface MakeCredentialResult {
  fmt: string;
  authData: Uint8Array;
  /** Attestation statement exactly as decoded (re-encoded into the attestation object). */
  attStmt: Map<unknown, unknown>;
}

export interface GetAssertionRequest {
  rpId: string;
  clientDataHash: Uint8Array;
  allowList?: PublicKeyCredentialDescriptor[];
}

export interface AssertionResult {
  credentialId: Uint8Array;
  authData: Uint8Array;
  signature: Uint8Array;
  userHandle: Uint8Array | null;
  numberOfCredentials: number | null;
}

export type Ctap2CallOptions = CtaphidCallOptions;

const REQUEST_TIMEOUT_MS = 30_000;

export class Ctap2Client {
  constructor(readonly channel: CtaphidChannel) {}

  async getInfo(options: Ctap2CallOptions = {}): Promise<AuthenticatorInfo> {
    const map = await this.request(CtapCommand.GET_INFO, null, 'getInfo', { timeoutMs: 5_000, ...options });
    const versions = stringArray(map.array(0x01));
    const aaguid = map.bytes(0x03);
    if (!versions.length || !aaguid || aaguid.length !== 16) throw malformed('getInfo without versions or AAGUID');
    const options_: Record<string, boolean> = {};
    for (const [k, v] of map.sub(0x04)?.map ?? []) if (typeof k === 'string' && typeof v === 'boolean') options_[k] = v;
    const algorithms = (map.array(0x0a) ?? []).flatMap((a) => {
      const m = CborMap.from(a);
      const alg = m?.int('alg');
      return m && alg !== undefined ? [{ type: m.text('type') ?? '', alg }] : [];
    });
    return {
      versions,
      extensions: stringArray(map.array(0x02)),
      aaguid,
      options: options_,
      maxMsgSize: map.int(0x05) ?? null,
      pinUvAuthProtocols: (map.array(0x06) ?? []).filter((x): x is number => typeof x === 'number'),
      algorithms,
    };
  }

  /** Refuses a key that cannot verify a fingerprint itself: Lanyard never uses a key PIN. */
  static requireBuiltInUv(info: AuthenticatorInfo): void {
    if (info.options['uv'] === true) return;
    const configured = info.options['uv'] === false;
    throw new CtapError(-1, 'uv-not-supported',
      configured ? 'authenticator supports built-in UV but none is enrolled' : 'authenticator has no built-in UV',
      configured
        ? 'No fingerprint is set up on this key: sign in with your smartcard and ask IT to set up the key.'
        : 'This security key has no fingerprint reader: sign in with your smartcard.');
  }

  async makeCredential(req: MakeCredentialRequest, options: Ctap2CallOptions = {}): Promise<MakeCredentialResult> {
    const algorithms = req.algorithms ?? [COSE_ES256];
    if (!algorithms.includes(COSE_ES256)) {
      throw new CtapError(-1, 'unsupported-algorithm', 'relying party does not accept ES256',
        'This security key cannot make the kind of key Lanyard needs: ask IT for a supported key.');
    }
    const body = new Map<number, CborValue>([
      [0x01, req.clientDataHash],
      [0x02, { id: req.rp.id, name: req.rp.name }],
      [0x03, { id: req.user.id, name: req.user.name, displayName: req.user.displayName }],
      [0x04, [{ alg: COSE_ES256, type: 'public-key' }]],
    ]);
    if (req.excludeList?.length) body.set(0x05, req.excludeList.map(descriptor));
    body.set(0x07, req.residentKey ? { rk: true, uv: true } : { uv: true });
    const map = await this.request(CtapCommand.MAKE_CREDENTIAL, body, 'makeCredential', options);
    const fmt = map.text(0x01);
    const authData = map.bytes(0x02);
    const attStmt = map.sub(0x03);
    if (!fmt || !authData || !attStmt) throw malformed('makeCredential response lacks fmt, authData or attStmt');
    return { fmt, authData, attStmt: attStmt.map };
  }

  async getAssertion(req: GetAssertionRequest, options: Ctap2CallOptions = {}): Promise<AssertionResult> {
    const body = new Map<number, CborValue>([[0x01, req.rpId], [0x02, req.clientDataHash]]);
    if (req.allowList?.length) body.set(0x03, req.allowList.map(descriptor));
    body.set(0x05, { uv: true });
    return assertion(await this.request(CtapCommand.GET_ASSERTION, body, 'getAssertion', options), req.allowList);
  }

  /** The next of several discoverable credentials after getAssertion reported numberOfCredentials. */
  async getNextAssertion(options: Ctap2CallOptions = {}): Promise<AssertionResult> {
    return assertion(await this.request(CtapCommand.GET_NEXT_ASSERTION, null, 'getNextAssertion', options));
  }

  /** Fingerprint attempts left before the key blocks UV; null when the key cannot say. */
  async getUvRetries(options: Ctap2CallOptions = {}): Promise<number | null> {
    try {
      const map = await this.request(CtapCommand.CLIENT_PIN, new Map([[0x02, ClientPinSub.GET_UV_RETRIES]]), 'getUVRetries',
        { timeoutMs: 2_000, ...options }, false);
      return map.int(0x05) ?? null;
    } catch (e) {
      if (e instanceof FidoError && (e instanceof CtapError || e.code === 'malformed-response')) return null;
      throw e;
    }
  }

  private async request(
    command: number, body: Map<number, CborValue> | null, context: string, options: Ctap2CallOptions,
    lookUpRetries = true,
  ): Promise<CborMap> {
    const payload = body ? concat(Uint8Array.of(command), encodeCanonical(body)) : Uint8Array.of(command);
    const response = await this.channel.cbor(payload, { timeoutMs: REQUEST_TIMEOUT_MS, ...options });
    const status = response[0];
    if (status === undefined) throw malformed(`${context}: empty response`);
    if (status !== CtapStatus.OK) {
      const retries = status === CtapStatus.UV_INVALID && lookUpRetries ? await this.getUvRetries() : null;
      throw CtapError.fromStatus(status, context, retries);
    }
    let decoded: unknown;
    try {
      decoded = decodeCbor(response.subarray(1));
    } catch (e) {
      throw malformed(`${context}: response is not valid CBOR`, e);
    }
    const map = CborMap.from(decoded);
    if (!map) throw malformed(`${context}: response is not a CBOR map`);
    return map;
  }
}

function assertion(map: CborMap, allowList?: PublicKeyCredentialDescriptor[]): AssertionResult {
  const authData = map.bytes(0x02);
  const signature = map.bytes(0x03);
  // The credential may be left out when the allow list had exactly one entry (CTAP 2.1 §6.2).
  const credentialId = map.sub(0x01)?.bytes('id') ?? (allowList?.length === 1 ? allowList[0]!.id : undefined);
  if (!authData || !signature || !credentialId) throw malformed('assertion lacks credential, authData or signature');
  return {
    credentialId,
    authData,
    signature,
    userHandle: map.sub(0x04)?.bytes('id') ?? null,
    numberOfCredentials: map.int(0x05) ?? null,
  };
}

function descriptor(d: PublicKeyCredentialDescriptor): CborValue {
  return { id: d.id, type: d.type };
}

function stringArray(value: unknown[] | undefined): string[] {
  return (value ?? []).filter((x): x is string => typeof x === 'string');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function malformed(message: string, cause?: unknown): FidoError {
  return new FidoError('malformed-response', message, TRY_AGAIN, { cause });
}
