/** Validation of CTAP2 request maps on the authenticator side: each fault is its CTAP2 status. */
import { CborMap } from '../ctap2/cbor.js';
import { COSE_ES256, CtapStatus } from '../ctap2/constants.js';

export class StatusError extends Error {
  constructor(readonly status: number) { super(`CTAP2 status 0x${status.toString(16)}`); }
}

export interface MakeCredentialParams {
  clientDataHash: Uint8Array;
  rpId: string;
  userId: Uint8Array;
  userName: string;
  userDisplayName: string;
  excludeList: Uint8Array[];
  rk: boolean;
  uv: boolean;
}

export interface AssertionParams {
  rpId: string;
  clientDataHash: Uint8Array;
  allowList: Uint8Array[] | null;
  up: boolean;
  uv: boolean;
}

export function parseMakeCredentialRequest(p: CborMap): MakeCredentialParams {
  const clientDataHash = required(p, 0x01, p.bytes(0x01));
  const rp = required(p, 0x02, p.sub(0x02));
  const user = required(p, 0x03, p.sub(0x03));
  const algs = required(p, 0x04, p.array(0x04));
  const rpId = rp.text('id');
  const userId = user.bytes('id');
  if (rpId === undefined || userId === undefined) throw new StatusError(CtapStatus.MISSING_PARAMETER);
  if (userId.length > 64) throw new StatusError(CtapStatus.INVALID_LENGTH);
  const offered = algs.map((a) => CborMap.from(a));
  if (offered.some((a) => !a || a.text('type') === undefined || a.int('alg') === undefined)) {
    throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
  }
  if (!offered.some((a) => a?.text('type') === 'public-key' && a.int('alg') === COSE_ES256)) {
    throw new StatusError(CtapStatus.UNSUPPORTED_ALGORITHM);
  }
  const options = optionsOf(p, 0x07);
  if (options.up !== undefined) throw new StatusError(CtapStatus.INVALID_OPTION);
  refusePinAuth(p, 0x08);
  return {
    clientDataHash: hash32(clientDataHash),
    rpId,
    userId,
    userName: user.text('name') ?? '',
    userDisplayName: user.text('displayName') ?? '',
    excludeList: descriptors(p, 0x05) ?? [],
    rk: options.rk ?? false,
    uv: options.uv ?? false,
  };
}

export function parseAssertionRequest(p: CborMap): AssertionParams {
  const rpId = required(p, 0x01, p.text(0x01));
  const clientDataHash = required(p, 0x02, p.bytes(0x02));
  const options = optionsOf(p, 0x05);
  if (options.rk !== undefined) throw new StatusError(CtapStatus.UNSUPPORTED_OPTION);
  refusePinAuth(p, 0x06);
  return {
    rpId,
    clientDataHash: hash32(clientDataHash),
    allowList: descriptors(p, 0x03),
    up: options.up ?? true,
    uv: options.uv ?? false,
  };
}

function required<T>(p: CborMap, key: number, value: T | undefined): T {
  if (value !== undefined) return value;
  throw new StatusError(p.has(key) ? CtapStatus.CBOR_UNEXPECTED_TYPE : CtapStatus.MISSING_PARAMETER);
}

function hash32(h: Uint8Array): Uint8Array {
  if (h.length !== 32) throw new StatusError(CtapStatus.INVALID_LENGTH);
  return h;
}

function optionsOf(p: CborMap, key: number): { rk?: boolean; up?: boolean; uv?: boolean } {
  if (!p.has(key)) return {};
  const o = p.sub(key);
  if (!o) throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
  const out: { rk?: boolean; up?: boolean; uv?: boolean } = {};
  for (const name of ['rk', 'up', 'uv'] as const) {
    if (!o.has(name)) continue;
    const v = o.bool(name);
    if (v === undefined) throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
    out[name] = v;
  }
  return out;
}

/** Lanyard's keys use their fingerprint, not a PIN: any pinUvAuthParam is refused. */
function refusePinAuth(p: CborMap, key: number): void {
  if (!p.has(key)) return;
  throw new StatusError(p.bytes(key)?.length === 0 ? CtapStatus.PIN_NOT_SET : CtapStatus.PIN_AUTH_INVALID);
}

function descriptors(p: CborMap, key: number): Uint8Array[] | null {
  if (!p.has(key)) return null;
  const list = p.array(key);
  if (!list) throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
  return list.map((d) => {
    const m = CborMap.from(d);
    const id = m?.bytes('id');
    if (!m || !id || m.text('type') === undefined) throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
    return id;
  });
}
