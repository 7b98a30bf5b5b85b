/** Keychain: per-user secrets in the OS keychain. Adapters: keytar (main/identity/keytar-keychain.ts);
 * in-memory only in unit tests. Nothing secret is ever written anywhere else. */
export interface Keychain {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** Resolves true when something was deleted. */
  delete(service: string, account: string): Promise<boolean>;
  /** Accounts stored under a service. */
  accounts(service: string): Promise<string[]>;
}
