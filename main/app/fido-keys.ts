/**
 * Fingerprint keys on this workstation: keeps a CTAPHID channel open to each FIDO key plugged in
 * (over the HidTransport port: node-hid, or the in-process virtual key in demo mode) and runs the
 * WebAuthn ceremonies the station asks for on whichever key is present.
 */
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { HidTransport } from '../core/ports/hid-transport.js';
import type { Log } from '../core/ports/log.js';
import { openFidoKey, type FidoKey } from '../auth/fido/fido-key.js';
import { watchFidoKeys } from '../auth/fido/key-watcher.js';
import { runPageCeremony } from '../auth/fido/page-ceremony.js';
import type { CheckedPageRequest } from '../auth/fido/page-request.js';
import type { CeremonyResult } from '../auth/fido/page-result.js';

export interface KeyListener {
  inserted(path: string): void;
  removed(path: string): void;
  /** The key asks for a finger (CTAPHID keepalive "user presence needed"). */
  waitingForFinger(): void;
}

export class FidoKeys {
  private readonly keys = new Map<string, Promise<FidoKey>>();
  private stopWatching: (() => void) | undefined;

  constructor(private readonly transport: HidTransport, private readonly origin: string, private readonly log: Log) {}

  start(listener: KeyListener): void {
    this.listener = listener;
    this.stopWatching = watchFidoKeys(this.transport, (event) => {
      const path = event.device.path;
      if (event.type === 'key-inserted') {
        const opening = openFidoKey(this.transport, path, { origin: this.origin, log: this.log });
        opening.catch((error: unknown) => { this.keys.delete(path); this.log.warn('fingerprint key refused', { error: String(error) }); });
        this.keys.set(path, opening);
        listener.inserted(path);
      } else {
        const key = this.keys.get(path);
        this.keys.delete(path);
        void key?.then((k) => k.close()).catch(() => undefined);
        listener.removed(path);
      }
    });
  }

  present(): string[] {
    return [...this.keys.keys()];
  }

  /** Sign-in by touch: an assertion with user verification from the key at `path`. */
  async authenticate(path: string, options: PublicKeyCredentialRequestOptionsJSON, signal?: AbortSignal): Promise<AuthenticationResponseJSON> {
    const key = await this.key(path);
    return key.webauthn.authenticate(options, { ...(signal ? { signal } : {}), onKeepalive: (s) => this.keepalive(s) });
  }

  /** A WebAuthn call of a provider's page, checked by the host, run on the key at `path` with
   * clientData bound to the origin the host saw (main/auth/fido/page-ceremony.ts). */
  async pageCeremony(path: string, request: CheckedPageRequest, signal: AbortSignal): Promise<CeremonyResult> {
    const key = await this.key(path);
    return runPageCeremony(key.ctap, request, { signal, onKeepalive: (s) => this.keepalive(s) });
  }

  /** Enrolment: a new discoverable credential on the key at `path`. */
  async register(path: string, options: PublicKeyCredentialCreationOptionsJSON, signal?: AbortSignal): Promise<RegistrationResponseJSON> {
    const key = await this.key(path);
    return key.webauthn.register(options, { ...(signal ? { signal } : {}), onKeepalive: (s) => this.keepalive(s) });
  }

  async close(): Promise<void> {
    this.stopWatching?.();
    await Promise.all([...this.keys.values()].map((k) => k.then((key) => key.close()).catch(() => undefined)));
    this.keys.clear();
  }

  private listener: KeyListener | undefined;

  private keepalive(status: string): void {
    if (status === 'user-presence-needed') this.listener?.waitingForFinger();
  }

  private key(path: string): Promise<FidoKey> {
    const key = this.keys.get(path);
    if (!key) throw Object.assign(new Error('no such key'), { userMessage: 'The fingerprint key was removed. Plug it in and try again.' });
    return key;
  }
}
