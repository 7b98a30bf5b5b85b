/**
 * A virtual FIDO2 authenticator with a fingerprint sensor: real P-256 keys (node:crypto), an
 * AAGUID, built-in user verification with a retry counter that blocks, per-credential signature
 * counters, packed self-attestation. It answers CTAP2 requests handed over by the CTAPHID
 * responder; tests and demo mode plug it into a VirtualHidTransport.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { AuthDataFlag, buildAuthData } from '../ctap2/auth-data.js';
import { CborMap, decodeCbor, encodeCanonical, type CborValue } from '../ctap2/cbor.js';
import { ClientPinSub, COSE_ES256, CtapCommand, CtapStatus } from '../ctap2/constants.js';
import { KeepaliveStatus } from '../ctaphid/constants.js';
import type { CborContext, CborHandler } from './ctaphid-responder.js';
import { CredentialStore, type StoredCredential } from './credential-store.js';
import { FingerSensor, type Finger } from './finger-sensor.js';
import { parseAssertionRequest, parseMakeCredentialRequest, StatusError } from './requests.js';
import type { BasicAttestation } from './attestation-pki.js';
import { attestationObject, coseEs256PublicKey, signWith } from './attestation-statement.js';

export type { Finger } from './finger-sensor.js';

export interface VirtualAuthenticatorOptions {
  /** Product string the HID device shows, e.g. "Lanyard demo fingerprint key". */
  label?: string;
  aaguid?: Uint8Array;
  /** false: a key without a fingerprint reader (getInfo has no `uv`), which Lanyard must refuse. */
  builtInUv?: boolean;
  maxUvRetries?: number;
  /** What rests on the sensor at start; default 'match'. */
  finger?: Finger;
  /** Simulated sensor/processing time per verification (PROCESSING keepalives meanwhile). */
  processingDelayMs?: number;
  /** How long the key waits for a finger before USER_ACTION_TIMEOUT. */
  userActionTimeoutMs?: number;
  /** 'packed' (default): self attestation, which names no model; 'none'; or `packed` basic
   * attestation with a batch certificate (a promise, so a demo key can be plugged before its
   * attestation authority is made). */
  attestation?: 'packed' | 'none' | BasicAttestation | Promise<BasicAttestation>;
  /** JSON file that keeps credentials and counters across restarts (demo mode). */
  statePath?: string;
}

/** AAGUID of Lanyard's virtual authenticator: "lanyard" in ASCII, then fixed bytes (the same on every run). */
export const VIRTUAL_AAGUID = Uint8Array.from(Buffer.from('6c616e79617264f1d0a1b2c3d4e5f601', 'hex'));

interface PendingAssertions { rpId: string; clientDataHash: Uint8Array; flags: number; rest: StoredCredential[]; expires: number }

export class VirtualAuthenticator implements CborHandler {
  readonly label: string;
  private readonly sensor: FingerSensor;
  private readonly store: CredentialStore;
  private readonly maxUvRetries: number;
  private pending: PendingAssertions | null = null;

  constructor(private readonly options: VirtualAuthenticatorOptions = {}) {
    this.label = options.label ?? 'Virtual FIDO2 fingerprint key';
    this.sensor = new FingerSensor(options.finger ?? 'match');
    this.maxUvRetries = options.maxUvRetries ?? 3;
    this.store = CredentialStore.open(options.statePath ?? null, () => ({
      aaguid: options.aaguid ?? VIRTUAL_AAGUID, uvRetries: this.maxUvRetries, credentials: [],
    }));
  }

  get finger(): Finger { return this.sensor.finger; }
  setFinger(finger: Finger): void { this.sensor.set(finger); }
  /** Presents a finger once, for the next request (or the one waiting now). */
  touch(finger: Exclude<Finger, 'none'> = 'match'): void { this.sensor.touch(finger); }

  get uvRetries(): number { return this.store.state.uvRetries; }
  get aaguid(): Uint8Array { return this.store.state.aaguid; }
  credentials(): readonly Readonly<StoredCredential>[] { return this.store.state.credentials; }

  /** Test hook: rewinds (or advances) a credential's signature counter, as a cloned key would. */
  setSignCount(credentialId: Uint8Array, value: number): void {
    const c = this.store.find(credentialId);
    if (!c) throw new Error('no such credential');
    c.signCount = value;
    this.store.save();
  }

  async handleCbor(request: Uint8Array, ctx: CborContext): Promise<Uint8Array> {
    try {
      const command = request[0];
      const params = request.length > 1 ? decodeParams(request.subarray(1)) : null;
      const response = await this.dispatch(command, params, ctx);
      return response === null ? Uint8Array.of(CtapStatus.OK) : concat(Uint8Array.of(CtapStatus.OK), encodeCanonical(response));
    } catch (e) {
      if (e instanceof StatusError) return Uint8Array.of(e.status);
      throw e;
    }
  }

  private async dispatch(command: number | undefined, params: CborMap | null, ctx: CborContext): Promise<CborValue | null> {
    switch (command) {
      case CtapCommand.GET_INFO: return this.getInfo();
      case CtapCommand.MAKE_CREDENTIAL: return this.makeCredential(need(params), ctx);
      case CtapCommand.GET_ASSERTION: return this.getAssertion(need(params), ctx);
      case CtapCommand.GET_NEXT_ASSERTION: return this.getNextAssertion();
      case CtapCommand.CLIENT_PIN: return this.clientPin(need(params));
      case CtapCommand.SELECTION: await this.presence(ctx); return null;
      case CtapCommand.RESET:
        await this.presence(ctx);
        this.store.clear();
        this.store.state.uvRetries = this.maxUvRetries;
        this.store.save();
        return null;
      default: throw new StatusError(CtapStatus.INVALID_COMMAND);
    }
  }

  private getInfo(): CborValue {
    const options: Record<string, boolean> = { rk: true, up: true, plat: false };
    if (this.options.builtInUv !== false) options['uv'] = true;
    return new Map<number, CborValue>([
      [0x01, ['FIDO_2_0', 'FIDO_2_1']],
      [0x03, this.store.state.aaguid],
      [0x04, options],
      [0x05, 1200],
      [0x07, 8],
      [0x08, 128],
      [0x09, ['usb']],
      [0x0a, [{ alg: COSE_ES256, type: 'public-key' }]],
      ...(this.options.builtInUv !== false ? [[0x12, 0x02] as [number, CborValue]] : []), // uvModality: fingerprint
    ]);
  }

  private async makeCredential(params: CborMap, ctx: CborContext): Promise<CborValue> {
    const req = parseMakeCredentialRequest(params);
    if (req.uv && this.options.builtInUv === false) throw new StatusError(CtapStatus.UNSUPPORTED_OPTION);
    const excluded = req.excludeList.some((id) => this.store.find(id)?.rpId === req.rpId);
    if (excluded) {
      await this.presence(ctx);
      throw new StatusError(CtapStatus.CREDENTIAL_EXCLUDED);
    }
    if (req.uv) await this.verifyUser(ctx);
    else await this.presence(ctx);

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: StoredCredential = {
      id: new Uint8Array(randomBytes(32)),
      rpId: req.rpId,
      userHandle: req.userId,
      userName: req.userName,
      userDisplayName: req.userDisplayName,
      privateKey: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
      signCount: 0,
      discoverable: req.rk,
      createdAt: Date.now(),
    };
    const cose = coseEs256PublicKey(publicKey);
    const authData = buildAuthData({
      rpIdHash: sha256(req.rpId),
      flags: AuthDataFlag.UP | (req.uv ? AuthDataFlag.UV : 0),
      signCount: credential.signCount,
      attested: { aaguid: this.store.state.aaguid, credentialId: credential.id, cosePublicKey: cose },
    });
    this.store.add(credential);
    return attestationObject(this.options.attestation, credential.privateKey, authData, req.clientDataHash);
  }

  private async getAssertion(params: CborMap, ctx: CborContext): Promise<CborValue> {
    const req = parseAssertionRequest(params);
    if (req.uv && this.options.builtInUv === false) throw new StatusError(CtapStatus.UNSUPPORTED_OPTION);
    if (req.uv) await this.verifyUser(ctx);
    else if (req.up) await this.presence(ctx);
    const found = req.allowList
      ? req.allowList.flatMap((id) => {
        const c = this.store.find(id);
        return c && c.rpId === req.rpId ? [c] : [];
      })
      : this.store.forRp(req.rpId).filter((c) => c.discoverable).sort((a, b) => b.createdAt - a.createdAt);
    const [first, ...rest] = found;
    if (!first) throw new StatusError(CtapStatus.NO_CREDENTIALS);
    const flags = (req.up ? AuthDataFlag.UP : 0) | (req.uv ? AuthDataFlag.UV : 0);
    this.pending = !req.allowList && rest.length
      ? { rpId: req.rpId, clientDataHash: req.clientDataHash, flags, rest, expires: Date.now() + 30_000 }
      : null;
    return this.assertion(first, req.rpId, req.clientDataHash, flags, req.allowList ? null : found.length);
  }

  private getNextAssertion(): CborValue {
    const p = this.pending;
    const next = p && Date.now() < p.expires ? p.rest.shift() : undefined;
    if (!p || !next) {
      this.pending = null;
      throw new StatusError(CtapStatus.NOT_ALLOWED);
    }
    return this.assertion(next, p.rpId, p.clientDataHash, p.flags, null);
  }

  private assertion(c: StoredCredential, rpId: string, clientDataHash: Uint8Array, flags: number, count: number | null): CborValue {
    c.signCount += 1;
    this.store.save();
    const authData = buildAuthData({ rpIdHash: sha256(rpId), flags, signCount: c.signCount });
    const response = new Map<number, CborValue>([
      [0x01, { id: c.id, type: 'public-key' }],
      [0x02, authData],
      [0x03, signWith(c.privateKey, concat(authData, clientDataHash))],
    ]);
    if (c.discoverable) {
      // Names only when the user was verified and must choose between accounts (CTAP 2.1 §6.2.2).
      const names = count !== null && count > 1 && flags & AuthDataFlag.UV;
      response.set(0x04, names ? { id: c.userHandle, name: c.userName, displayName: c.userDisplayName } : { id: c.userHandle });
    }
    if (count !== null && count > 1) response.set(0x05, count);
    return response;
  }

  private clientPin(params: CborMap): CborValue {
    const sub = params.int(0x02);
    if (sub === undefined) throw new StatusError(CtapStatus.MISSING_PARAMETER);
    if (sub === ClientPinSub.GET_UV_RETRIES && this.options.builtInUv !== false) {
      return new Map<number, CborValue>([[0x05, this.store.state.uvRetries]]);
    }
    if (sub === ClientPinSub.GET_PIN_RETRIES) throw new StatusError(CtapStatus.PIN_NOT_SET);
    throw new StatusError(CtapStatus.INVALID_SUBCOMMAND);
  }

  /** Built-in UV: a finger on the sensor, matched against the enrolled one. */
  private async verifyUser(ctx: CborContext): Promise<void> {
    const state = this.store.state;
    if (state.uvRetries <= 0) throw new StatusError(CtapStatus.UV_BLOCKED);
    const finger = await this.waitForFinger(ctx);
    await this.process(ctx);
    if (finger === 'match') {
      if (state.uvRetries !== this.maxUvRetries) {
        state.uvRetries = this.maxUvRetries;
        this.store.save();
      }
      return;
    }
    state.uvRetries -= 1;
    this.store.save();
    throw new StatusError(state.uvRetries === 0 ? CtapStatus.UV_BLOCKED : CtapStatus.UV_INVALID);
  }

  /** User presence: any finger on the sensor counts. */
  private async presence(ctx: CborContext): Promise<void> {
    await this.waitForFinger(ctx);
  }

  private async waitForFinger(ctx: CborContext): Promise<'match' | 'mismatch'> {
    ctx.keepalive(KeepaliveStatus.UPNEEDED);
    const finger = await this.sensor.await(this.options.userActionTimeoutMs ?? 30_000, ctx.signal);
    if (ctx.signal.aborted) throw new StatusError(CtapStatus.KEEPALIVE_CANCEL);
    if (!finger) throw new StatusError(CtapStatus.USER_ACTION_TIMEOUT);
    ctx.keepalive(KeepaliveStatus.PROCESSING);
    return finger;
  }

  private async process(ctx: CborContext): Promise<void> {
    const ms = this.options.processingDelayMs ?? 0;
    if (ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    if (ctx.signal.aborted) throw new StatusError(CtapStatus.KEEPALIVE_CANCEL);
  }
}

function decodeParams(bytes: Uint8Array): CborMap {
  let value: unknown;
  try {
    value = decodeCbor(bytes);
  } catch {
    throw new StatusError(CtapStatus.INVALID_CBOR);
  }
  const map = CborMap.from(value);
  if (!map) throw new StatusError(CtapStatus.CBOR_UNEXPECTED_TYPE);
  return map;
}

function need(params: CborMap | null): CborMap {
  if (!params) throw new StatusError(CtapStatus.MISSING_PARAMETER);
  return params;
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
