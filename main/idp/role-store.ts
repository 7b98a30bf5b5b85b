/**
 * The role a person chose, kept with the provider session (by session uid) so that every client
 * signing in later through the same browser session receives the same `selected_roleid`.
 * oidc-provider's Session model has no slot for it, and the provider's storage is in memory too.
 * A session signed in through the standard-profile routes holds no role here (`roleId: null`): its
 * client chooses from the roles claim, so the provider never prompts for one.
 */
interface Entry {
  accountId: string;
  roleId: string | null;
  expiresAt: number;
}

export class RoleStore {
  readonly #bySession = new Map<string, Entry>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  set(sessionUid: string, accountId: string, roleId: string): void {
    this.#purge();
    this.#bySession.set(sessionUid, { accountId, roleId, expiresAt: this.now() + this.ttlMs });
  }

  /** Records that this session's client chooses the role itself (no provider prompt, no selected_roleid). */
  setClientChoice(sessionUid: string, accountId: string): void {
    this.#purge();
    this.#bySession.set(sessionUid, { accountId, roleId: null, expiresAt: this.now() + this.ttlMs });
  }

  /** The chosen role, only if the session still belongs to the same account. */
  get(sessionUid: string | undefined, accountId: string): string | undefined {
    return this.#entry(sessionUid, accountId)?.roleId ?? undefined;
  }

  /** True when the session's client chooses the role (see setClientChoice). */
  clientChooses(sessionUid: string | undefined, accountId: string): boolean {
    return this.#entry(sessionUid, accountId)?.roleId === null;
  }

  #entry(sessionUid: string | undefined, accountId: string): Entry | undefined {
    if (!sessionUid) return undefined;
    const entry = this.#bySession.get(sessionUid);
    if (!entry || entry.accountId !== accountId || entry.expiresAt < this.now()) return undefined;
    return entry;
  }

  delete(sessionUid: string): void {
    this.#bySession.delete(sessionUid);
  }

  #purge(): void {
    const now = this.now();
    for (const [uid, e] of this.#bySession) if (e.expiresAt < now) this.#bySession.delete(uid);
  }
}
