/** Keychain over keytar 7.9: Secret Service (gnome-keyring, KWallet) on Linux, Credential Manager on
 * Windows, Keychain on macOS. keytar is loaded on first use so a missing native build only disables
 * the keychain (probe says so) instead of stopping the app. */
import type { Keychain } from '../../core/ports/keychain.js';
import { KeychainError } from './keychain-error.js';

/** The part of keytar's API this adapter uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeytarLoader = () => Promise<KeytarApi>;

const loadKeytar: KeytarLoader = async () => {
  const loaded = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  return loaded.default ?? loaded;
};

export class KeytarKeychain implements Keychain {
  private api: Promise<KeytarApi> | undefined;

  /** `load` replaces the real import (tests simulate a missing native module with it). */
  constructor(private readonly load: KeytarLoader = loadKeytar) {}

  async get(service: string, account: string): Promise<string | null> {
    const api = await this.keytar();
    return this.call(() => api.getPassword(service, account), 'read');
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    const api = await this.keytar();
    await this.call(() => api.setPassword(service, account, secret), 'write');
  }

  async delete(service: string, account: string): Promise<boolean> {
    const api = await this.keytar();
    return this.call(() => api.deletePassword(service, account), 'delete');
  }

  async accounts(service: string): Promise<string[]> {
    const api = await this.keytar();
    const found = await this.call(() => api.findCredentials(service), 'list');
    return [...new Set(found.map((c) => c.account))].sort();
  }

  private keytar(): Promise<KeytarApi> {
    this.api ??= this.load().catch((cause: unknown) => {
      throw new KeychainError('native-missing', `keytar could not be loaded: ${String((cause as Error)?.message ?? cause)}`, { cause });
    });
    return this.api;
  }

  /** keytar rejects with plain Errors ("Cannot create an item in a locked collection", "Object does
   * not exist at path …/collection/login"): keep the text for IT, give the caller a typed code. */
  private async call<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      if (cause instanceof KeychainError) throw cause;
      const text = String((cause as Error)?.message ?? cause);
      throw new KeychainError(/\blocked\b/i.test(text) ? 'locked' : 'unavailable', `keychain ${what} failed: ${text}`, { cause });
    }
  }
}
