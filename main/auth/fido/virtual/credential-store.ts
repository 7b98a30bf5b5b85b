/**
 * What a virtual authenticator remembers: its AAGUID, UV retry counter and credentials (P-256
 * private keys as PKCS#8). In memory by default; with a path, kept in a JSON file (0600) so a
 * demo key survives restarts. This is a test/demo device: real keys never leave their hardware.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface StoredCredential {
  id: Uint8Array;
  rpId: string;
  userHandle: Uint8Array;
  userName: string;
  userDisplayName: string;
  /** PKCS#8 DER of the P-256 private key. */
  privateKey: Uint8Array;
  signCount: number;
  discoverable: boolean;
  createdAt: number;
}

export interface AuthenticatorState {
  aaguid: Uint8Array;
  uvRetries: number;
  credentials: StoredCredential[];
}

interface StateJson {
  aaguid: string;
  uvRetries: number;
  credentials: (Omit<StoredCredential, 'id' | 'userHandle' | 'privateKey'> & { id: string; userHandle: string; privateKey: string })[];
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

export class CredentialStore {
  constructor(readonly state: AuthenticatorState, private readonly path: string | null = null) {}

  /** Loads the JSON state file when it exists; otherwise starts from `initial` and creates it. */
  static open(path: string | null, initial: () => AuthenticatorState): CredentialStore {
    if (path && existsSync(path)) {
      const json = JSON.parse(readFileSync(path, 'utf8')) as StateJson;
      return new CredentialStore({
        aaguid: unb64(json.aaguid),
        uvRetries: json.uvRetries,
        credentials: json.credentials.map((c) => ({ ...c, id: unb64(c.id), userHandle: unb64(c.userHandle), privateKey: unb64(c.privateKey) })),
      }, path);
    }
    const store = new CredentialStore(initial(), path);
    store.save();
    return store;
  }

  find(id: Uint8Array): StoredCredential | undefined {
    return this.state.credentials.find((c) => equal(c.id, id));
  }

  forRp(rpId: string): StoredCredential[] {
    return this.state.credentials.filter((c) => c.rpId === rpId);
  }

  /** Adds a credential; a discoverable one replaces the same user's older one for that rp (CTAP 2.1 §6.1.2). */
  add(credential: StoredCredential): void {
    if (credential.discoverable) {
      this.state.credentials = this.state.credentials.filter((c) =>
        !(c.discoverable && c.rpId === credential.rpId && equal(c.userHandle, credential.userHandle)));
    }
    this.state.credentials.push(credential);
    this.save();
  }

  clear(): void {
    this.state.credentials = [];
    this.save();
  }

  save(): void {
    if (!this.path) return;
    const json: StateJson = {
      aaguid: b64(this.state.aaguid),
      uvRetries: this.state.uvRetries,
      credentials: this.state.credentials.map((c) => ({ ...c, id: b64(c.id), userHandle: b64(c.userHandle), privateKey: b64(c.privateKey) })),
    };
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(json, null, 2), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
