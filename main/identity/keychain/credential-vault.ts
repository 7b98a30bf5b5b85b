/**
 * Per-user secrets in the OS keychain: session entries (legacy apps' sign-ins provisioned or
 * remembered for one session; removed at session end and start-up) and remembered sign-ins (kept
 * across sessions, sealed with the user's vault key, removed only by "Forget" or IT). When the
 * start-up probe says the keychain does not work, secrets live in this process's memory only
 * (`persistent: false`) and are never written anywhere else.
 */
import type { Keychain } from '../../core/ports/keychain.js';
import { KeychainError, withTimeout } from './keychain-error.js';
import { probeKeychain, type ProbeResult } from './probe.js';
import { INDEX_SERVICE, REFRESH_TOKEN_SERVICE, appService, checkName, isLanyardUserService, rememberedService } from './service-names.js';
import { open, seal } from './sealed-entry.js';

export interface AppCredential { username: string; password: string }

export interface VaultOptions {
  /** Time limit of the start-up probe. */
  probeTimeoutMs?: number;
  /** Time limit of each keychain call after start-up (a keychain locked later must not hang a tap). */
  operationTimeoutMs?: number;
}

/** What forgetUser removed: keychain service names (never the secrets). */
export interface ForgetResult { userId: string; removed: string[] }

export class CredentialVault {
  /** Probes `keychain` and opens a vault on it, or an in-memory vault when the probe fails. */
  static async open(keychain: Keychain, options: VaultOptions = {}): Promise<CredentialVault> {
    const status = await probeKeychain(keychain, { timeoutMs: options.probeTimeoutMs ?? 3000 });
    return new CredentialVault(status.ok ? keychain : new MemoryEntries(), status, options.operationTimeoutMs ?? 5000);
  }

  /** A vault that never touches the OS keychain (keychain disabled by policy, or tests). */
  static inMemory(): CredentialVault {
    return new CredentialVault(new MemoryEntries(), { ok: false, reason: 'unavailable', detail: 'in-memory vault requested', userMessage: 'Saved passwords are kept only until Lanyard closes.', ms: 0 }, 5000);
  }

  /** True when secrets survive a restart (the OS keychain works). */
  readonly persistent: boolean;
  /** Serialises read-modify-write of the per-user index. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly store: Keychain, readonly status: ProbeResult, private readonly timeoutMs: number) {
    this.persistent = status.ok;
  }

  async saveAppCredential(userId: string, appId: string, credential: AppCredential): Promise<void> {
    return this.put(userId, appService(appId), JSON.stringify({ username: credential.username, password: credential.password }));
  }

  async readAppCredential(userId: string, appId: string): Promise<AppCredential | null> {
    const raw = await this.call(this.store.get(appService(appId), checkName(userId, 'user id')), 'read');
    // An entry written by something else is treated as not stored: the user signs in by hand.
    return raw === null ? null : asCredential(raw) ?? null;
  }

  /** A sign-in kept across sessions until the user (or IT) forgets it, sealed with `vaultKey`. */
  async rememberAppCredential(userId: string, appId: string, credential: AppCredential, vaultKey: Uint8Array): Promise<void> {
    const service = rememberedService(appId);
    const sealed = seal(JSON.stringify({ username: credential.username, password: credential.password }), vaultKey, service, checkName(userId, 'user id'));
    await this.call(this.store.set(service, userId, sealed), 'write');
  }

  /** The remembered sign-in, or null when there is none. An entry that does not open with this
   * user's key (another user's, or tampered with) is refused with `not-yours` and left in place. */
  async readRememberedCredential(userId: string, appId: string, vaultKey: Uint8Array): Promise<AppCredential | null> {
    const service = rememberedService(appId);
    const raw = await this.call(this.store.get(service, checkName(userId, 'user id')), 'read');
    if (raw === null) return null;
    const plain = open(raw, vaultKey, service, userId);
    const parsed = plain === undefined ? undefined : asCredential(plain);
    if (!parsed) throw new KeychainError('not-yours', `the remembered sign-in for ${appId} does not open with this user's key`);
    return parsed;
  }

  /** "Forget": resolves true when a remembered sign-in was removed. */
  async forgetRememberedCredential(userId: string, appId: string): Promise<boolean> {
    return this.call(this.store.delete(rememberedService(appId), checkName(userId, 'user id')), 'delete');
  }

  /** Removes every session entry of the user: a refresh token an older Lanyard stored (tokens now stay
   * in memory: docs/security.md), every app entry the index knows, and any
   * app of `alsoApps` (policy's app list, in case the index was lost). Returns the services removed. */
  async forgetUser(userId: string, alsoApps: readonly string[] = []): Promise<ForgetResult> {
    checkName(userId, 'user id');
    return this.serial(async () => {
      const services = new Set([REFRESH_TOKEN_SERVICE, ...(await this.indexOf(userId)), ...alsoApps.map(appService)]);
      const removed: string[] = [];
      for (const service of services) {
        if (await this.call(this.store.delete(service, userId), 'delete')) removed.push(service);
      }
      await this.call(this.store.delete(INDEX_SERVICE, userId), 'delete');
      return { userId, removed: removed.sort() };
    });
  }

  /** Start-up after a crash or kill: no session survives a restart, so nothing of one may stay
   * readable. Forgets every user that has anything stored. */
  async forgetAllUsers(alsoApps: readonly string[] = []): Promise<ForgetResult[]> {
    const results: ForgetResult[] = [];
    for (const userId of await this.listUsers()) results.push(await this.forgetUser(userId, alsoApps));
    return results;
  }

  /** Users that have anything stored. */
  async listUsers(): Promise<string[]> {
    const [indexed, withToken] = await Promise.all([
      this.call(this.store.accounts(INDEX_SERVICE), 'list'),
      this.call(this.store.accounts(REFRESH_TOKEN_SERVICE), 'list'),
    ]);
    return [...new Set([...indexed, ...withToken])].sort();
  }

  private async put(userId: string, service: string, secret: string): Promise<void> {
    checkName(userId, 'user id');
    return this.serial(async () => {
      await this.call(this.store.set(service, userId, secret), 'write');
      const index = await this.indexOf(userId);
      if (!index.includes(service)) {
        await this.call(this.store.set(INDEX_SERVICE, userId, JSON.stringify([...index, service].sort())), 'write');
      }
    });
  }

  private async indexOf(userId: string): Promise<string[]> {
    const raw = await this.call(this.store.get(INDEX_SERVICE, userId), 'read');
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string' && isLanyardUserService(s)) : [];
    } catch {
      return [];
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private call<T>(work: Promise<T>, what: string): Promise<T> {
    work.catch(() => undefined); // a timed-out call may still reject later
    return withTimeout(work, this.timeoutMs, `keychain ${what}`).catch((error: unknown) => {
      throw error instanceof KeychainError ? error : new KeychainError('unavailable', `keychain ${what} failed`, { cause: error });
    });
  }
}

function asCredential(raw: string): AppCredential | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<AppCredential>;
    return typeof parsed.username === 'string' && typeof parsed.password === 'string' ? { username: parsed.username, password: parsed.password } : undefined;
  } catch {
    return undefined;
  }
}

/** The in-memory fallback: the same shape as a keychain, gone when the process ends. */
class MemoryEntries implements Keychain {
  private readonly entries = new Map<string, Map<string, string>>();
  async get(service: string, account: string): Promise<string | null> {
    return this.entries.get(service)?.get(account) ?? null;
  }
  async set(service: string, account: string, secret: string): Promise<void> {
    let accounts = this.entries.get(service);
    if (!accounts) this.entries.set(service, accounts = new Map());
    accounts.set(account, secret);
  }
  async delete(service: string, account: string): Promise<boolean> {
    return this.entries.get(service)?.delete(account) ?? false;
  }
  async accounts(service: string): Promise<string[]> {
    return [...(this.entries.get(service)?.keys() ?? [])].sort();
  }
}
