/**
 * WebAuthn client side (what a browser does for navigator.credentials): turns the identity
 * provider's @simplewebauthn options JSON into CTAP2 requests and the authenticator's answers into
 * RegistrationResponseJSON / AuthenticationResponseJSON. Lanyard always asks for built-in user
 * verification, whatever the options say: a fingerprint key stands in for card + PIN.
 */
import { createHash } from 'node:crypto';
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { parseAuthData } from './ctap2/auth-data.js';
import { encodeCanonical, type CborValue } from './ctap2/cbor.js';
import { Ctap2Client, type AuthenticatorInfo, type Ctap2CallOptions, type PublicKeyCredentialDescriptor } from './ctap2/client.js';
import { COSE_ES256 } from './ctap2/constants.js';
import { FidoError } from './errors.js';

export interface WebAuthnClientOptions {
  /** Origin of the identity provider page the ceremony is for, e.g. https://idp.trust.nhs.uk */
  origin: string;
}

/** Cancellation, deadline and "touch your key" notifications for one ceremony. */
export type CeremonyOptions = Ctap2CallOptions;

const CONFIG_ERROR = 'Fingerprint sign-in is not set up correctly on this workstation: sign in with your smartcard and tell IT.';

export class WebAuthnClient {
  private info: AuthenticatorInfo | null = null;
  private readonly origin: URL;

  constructor(private readonly ctap: Ctap2Client, options: WebAuthnClientOptions) {
    this.origin = parseOrigin(options.origin);
  }

  /** getInfo, once: refuses a key without built-in fingerprint verification before anyone touches it. */
  async authenticatorInfo(options: CeremonyOptions = {}): Promise<AuthenticatorInfo> {
    if (!this.info) {
      const info = await this.ctap.getInfo(options);
      Ctap2Client.requireBuiltInUv(info);
      this.info = info;
    }
    return this.info;
  }

  async register(options: PublicKeyCredentialCreationOptionsJSON, ceremony: CeremonyOptions = {}): Promise<RegistrationResponseJSON> {
    const rpId = this.checkRpId(options.rp.id);
    const info = await this.authenticatorInfo(ceremony);
    const algorithms = options.pubKeyCredParams.filter((p) => p.type === 'public-key').map((p) => p.alg);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge);
    const selection = options.authenticatorSelection;
    const residentKey = selection?.residentKey === 'required' || selection?.requireResidentKey === true
      || (selection?.residentKey === 'preferred' && info.options['rk'] === true);
    const result = await this.ctap.makeCredential({
      clientDataHash: sha256(clientDataJSON),
      rp: { id: rpId, name: options.rp.name },
      user: { id: fromB64url(options.user.id, 'user.id'), name: options.user.name, displayName: options.user.displayName },
      algorithms,
      excludeList: descriptors(options.excludeCredentials),
      residentKey,
    }, withTimeout(ceremony, options.timeout));
    const parsed = parseAuthData(result.authData);
    if (!parsed.credentialId) throw new FidoError('malformed-response', 'registration without attested credential data', CONFIG_ERROR);
    const attestationObject = encodeCanonical(new Map<string, CborValue>([
      ['fmt', result.fmt],
      ['attStmt', result.attStmt as Map<string, CborValue>],
      ['authData', result.authData],
    ]));
    const id = b64url(parsed.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        authenticatorData: b64url(result.authData),
        transports: ['usb'],
        publicKeyAlgorithm: COSE_ES256,
      },
    };
  }

  async authenticate(options: PublicKeyCredentialRequestOptionsJSON, ceremony: CeremonyOptions = {}): Promise<AuthenticationResponseJSON> {
    const rpId = this.checkRpId(options.rpId);
    await this.authenticatorInfo(ceremony);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const result = await this.ctap.getAssertion({
      rpId,
      clientDataHash: sha256(clientDataJSON),
      allowList: descriptors(options.allowCredentials),
    }, withTimeout(ceremony, options.timeout));
    const id = b64url(result.credentialId);
    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(result.authData),
        signature: b64url(result.signature),
        ...(result.userHandle ? { userHandle: b64url(result.userHandle) } : {}),
      },
    };
  }

  /** The RP ID must be the origin's host or a registrable suffix of it (WebAuthn §5.1.3 step 7). */
  private checkRpId(rpId: string | undefined): string {
    const host = this.origin.hostname;
    const id = rpId ?? host;
    if (host === id || host.endsWith(`.${id}`)) return id;
    throw new FidoError('rp-id-mismatch', `RP ID ${id} is not valid for origin ${this.origin.origin}`, CONFIG_ERROR);
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string): Uint8Array {
    fromB64url(challenge, 'challenge'); // must be base64url; sent on exactly as given
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin: this.origin.origin, crossOrigin: false }));
  }
}

function parseOrigin(origin: string): URL {
  let url: URL;
  try {
    url = new URL(origin);
  } catch (e) {
    throw new FidoError('bad-options', `origin ${origin} is not a URL`, CONFIG_ERROR, { cause: e });
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new FidoError('bad-options', `origin ${origin} is neither https nor loopback http`, CONFIG_ERROR);
  }
  return url;
}

function descriptors(list: PublicKeyCredentialDescriptorJSON[] | undefined): PublicKeyCredentialDescriptor[] | undefined {
  return list?.filter((d) => d.type === 'public-key').map((d) => ({ type: 'public-key', id: fromB64url(d.id, 'credential id') }));
}

function withTimeout(ceremony: CeremonyOptions, timeout: number | undefined): CeremonyOptions {
  return ceremony.timeoutMs === undefined && timeout ? { ...ceremony, timeoutMs: timeout } : ceremony;
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function fromB64url(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new FidoError('bad-options', `${what} is not base64url`, CONFIG_ERROR);
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
