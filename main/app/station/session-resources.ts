/**
 * What a live session owns outside the station: its provider session and tokens (in memory only,
 * refreshed while it lives),
 * its app tabs, and its partition and session keychain entries. Ending a session tears all of it down
 * alongside the station (a slow provider never holds up the next card's lock or sign-in); stop()
 * waits for every teardown, but never longer than it is given.
 */
import type { Host } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import type { SignedInSession } from '../sign-in-types.js';
import type { OpenedApps } from '../app-tabs.js';
import type { TokenRefresh } from './token-refresh.js';

export { stationTokenRefresh } from './refresh-failure.js';

export interface LiveSession {
  signedIn: SignedInSession;
  apps: OpenedApps;
  enrolledKeys?: number;
  /** Form-login apps whose remembered sign-in (sealed, kept across sessions) this session has seen:
   * the shell offers "Forget" for them. */
  remembered?: Set<string>;
}

export interface Forgetful { forgetUser(userId: string): Promise<unknown> }

export class SessionResources {
  readonly #live = new Map<string, LiveSession>();
  readonly #teardowns = new Set<Promise<void>>();

  constructor(private readonly host: Host, private readonly secrets: Forgetful | undefined, private readonly log: Log,
    private readonly refresh?: Pick<TokenRefresh, 'start' | 'stop'>) {}

  /** A session took its tokens: they are kept fresh until it ends (token-refresh.ts). */
  add(sessionId: string, live: LiveSession): void {
    live.remembered ??= new Set();
    this.#live.set(sessionId, live);
    this.refresh?.start(sessionId, live.signedIn);
  }
  get(sessionId: string | undefined): LiveSession | undefined { return sessionId === undefined ? undefined : this.#live.get(sessionId); }
  userOf(sessionId: string): string | undefined { return this.#live.get(sessionId)?.signedIn.user.userId; }
  sessionIds(): string[] { return [...this.#live.keys()]; }

  /** Clears the partition, revokes the tokens (which signs the apps out) and deletes the user's
   * session entries in the keychain; sign-ins they chose to remember stay (docs/keychain.md). */
  end(sessionId: string, userId: string | undefined): Promise<void> {
    const live = this.#live.get(sessionId);
    this.#live.delete(sessionId);
    this.refresh?.stop(sessionId);
    const warn = (what: string) => (error: unknown) => this.log.warn(what, { error: String(error) });
    const teardown = Promise.all([
      this.host.destroyPartition(sessionId).catch(warn('partition not cleared')),
      live?.signedIn.logout().catch(warn('provider logout failed')),
      userId ? this.secrets?.forgetUser(userId).catch(warn('keychain not cleared')) : undefined,
    ]).then(() => undefined);
    this.track(teardown);
    return teardown;
  }

  /** Work that must finish before Lanyard exits (teardowns, an abandoned attempt's releases). */
  track(work: Promise<void>): void {
    this.#teardowns.add(work);
    void work.finally(() => this.#teardowns.delete(work));
  }

  /** Resolves when every teardown has finished or `timeoutMs` has passed, whichever is first. */
  async settled(timeoutMs: number, wait: (ms: number) => Promise<void>): Promise<boolean> {
    const all = Promise.all([...this.#teardowns]).then(() => true);
    return Promise.race([all, wait(timeoutMs).then(() => false)]);
  }
}
