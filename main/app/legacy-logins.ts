/**
 * Apps that only have a login form: fill a remembered sign-in whenever the app's login page
 * shows, and offer to remember one typed by hand. Credentials live in the user's keychain entry
 * and in main only; the shell is told the app and username, never the password. With the user's
 * vault key (released by the provider at their own sign-in) a remembered sign-in is sealed and kept
 * across sessions until they choose Forget; without one it lasts for the session only. Only the
 * person's own account is remembered or filled (form-account.ts): a sign-in with someone else's
 * username is refused with a warning, and stays unsaved.
 */
import type { AuditEventName } from '../core/ports/audit.js';
import type { AppEvent, Host } from '../core/ports/host.js';
import type { Policy } from '../core/policy/types.js';
import type { ShellCommand } from '../core/shell-view.js';
import { judgeAccount, mayFill, type AccountIdentity, type AccountVerdict } from './form-account.js';

type Credential = { username: string; password: string };

export interface AppCredentials {
  /** Session entries: removed at session end and at start-up. */
  saveAppCredential(userId: string, appId: string, credential: Credential): Promise<void>;
  readAppCredential(userId: string, appId: string): Promise<Credential | null>;
  /** Remembered across sessions, sealed with the user's vault key; a read of an entry that is not
   * this user's rejects (KeychainError 'not-yours'). */
  rememberAppCredential(userId: string, appId: string, credential: Credential, vaultKey: Uint8Array): Promise<void>;
  readRememberedCredential(userId: string, appId: string, vaultKey: Uint8Array): Promise<Credential | null>;
  forgetRememberedCredential(userId: string, appId: string): Promise<boolean>;
}

export interface LegacyContext {
  policy: Policy;
  host: Host;
  secrets: AppCredentials | undefined;
  /** The signed-in user of a partition, if its session is live. */
  userOf(partition: string): string | undefined;
  /** Who the live session of a partition is (user ID, name, ID token claims), to tell whose account
   * a form sign-in is. */
  identityOf(partition: string): AccountIdentity | undefined;
  /** The username IT provisioned for this user in this app, if it did. */
  provisionedUsername?(userId: string, appId: string): string | undefined;
  frontPartition(): string | undefined;
  /** The vault key of a partition's live session, when its provider released one. */
  vaultKeyOf(partition: string): Uint8Array | undefined;
  /** The live session's set of apps with a remembered sign-in (the shell offers Forget for them). */
  remembered(partition: string): Set<string> | undefined;
  /** An audit line about the session of `partition`. */
  record(event: AuditEventName, partition: string, app: string, reason?: string): void;
  render(): void;
}

/** What the shell may show of a hand sign-in: never the password. */
export interface LegacyOfferView { appId: string; username: string; verdict: AccountVerdict['kind'] }

interface Offer { partition: string; appId: string; username: string; password: string; verdict: AccountVerdict['kind'] }

export class LegacyLogins {
  private offer: Offer | undefined;

  constructor(private readonly ctx: LegacyContext) {}

  /** What the shell may show of a pending offer, for the session in front. */
  offerFor(partition: string | undefined): LegacyOfferView | undefined {
    const offer = this.offer;
    return offer && offer.partition === partition ? { appId: offer.appId, username: offer.username, verdict: offer.verdict } : undefined;
  }

  /** Forget an offer (the station locked, or the session ended). */
  clear(): void {
    this.offer = undefined;
  }

  /** A tab loaded a page: when it is its app's login page and a sign-in is remembered, fill it. */
  async loaded(partition: string, appId: string, url: string): Promise<void> {
    const userId = this.ctx.userOf(partition);
    const form = this.formOf(appId);
    if (!userId || !form || !this.ctx.host.fillForm || !url.startsWith(form.loginUrl)) return;
    const saved = await this.saved(partition, userId, appId);
    if (!saved) return;
    if (!mayFill(this.verdict(partition, userId, appId, saved.username))) {
      this.ctx.record('refused', partition, appId, 'saved sign-in is not this user\'s account in the app');
      return;
    }
    const filled = await this.ctx.host.fillForm(partition, appId, originOf(form.loginUrl), {
      usernameSelector: form.usernameSelector, passwordSelector: form.passwordSelector, submitSelector: form.submitSelector, ...saved,
    });
    if (filled) this.ctx.record('credential-filled', partition, appId);
    this.ctx.render(); // the shell learns whether it can offer Forget
  }

  async manualLogin(event: Extract<AppEvent, { type: 'manual-login' }>): Promise<void> {
    const userId = this.ctx.userOf(event.partition);
    const form = this.formOf(event.appId);
    if (!userId || !form || originOf(form.loginUrl) !== event.origin || !this.ctx.secrets) return;
    // Lanyard's own fill submits the form too: what is already remembered needs no offer.
    const saved = await this.saved(event.partition, userId, event.appId);
    if (saved?.username === event.username && saved.password === event.password) return;
    const verdict = this.verdict(event.partition, userId, event.appId, event.username).kind;
    if (verdict === 'not-yours') this.ctx.record('refused', event.partition, event.appId, 'signed in to the app with another person\'s account');
    // A refusal keeps no password: there is nothing to save, only a warning to show.
    this.offer = { partition: event.partition, appId: event.appId, username: event.username, password: mayFill({ kind: verdict }) ? event.password : '', verdict };
    this.ctx.render();
  }

  /** The shell's Remember / Not now / Forget. */
  command(command: Extract<ShellCommand, { type: 'remember-login' | 'forget-login' }>): Promise<void> {
    return command.type === 'forget-login' ? this.forget(command.appId) : this.answer(command.appId, command.remember);
  }

  async answer(appId: string, remember: boolean): Promise<void> {
    const offer = this.offer;
    this.offer = undefined;
    const userId = offer && this.ctx.userOf(offer.partition);
    const allowed = offer !== undefined && mayFill({ kind: offer.verdict });
    if (remember && allowed && userId && offer.appId === appId && this.ctx.frontPartition() === offer.partition) {
      const credential = { username: offer.username, password: offer.password };
      const key = this.ctx.vaultKeyOf(offer.partition);
      if (key) {
        await this.ctx.secrets?.rememberAppCredential(userId, appId, credential, key);
        this.mark(offer.partition, appId, true);
      } else {
        await this.ctx.secrets?.saveAppCredential(userId, appId, credential);
      }
      const how = key ? 'until forgotten' : 'for this session';
      this.ctx.record('credential-remembered', offer.partition, appId, offer.verdict === 'verified' ? how : `${how}; account not checked`);
    }
    this.ctx.render();
  }

  /** "Forget" from the user in front: their remembered sign-in for `appId` is removed from this PC. */
  async forget(appId: string): Promise<void> {
    const partition = this.ctx.frontPartition();
    const userId = partition && this.ctx.userOf(partition);
    if (!partition || !userId || !this.formOf(appId) || !this.ctx.secrets) return;
    await this.ctx.secrets.forgetRememberedCredential(userId, appId);
    this.mark(partition, appId, false);
    this.ctx.record('credential-forgotten', partition, appId);
    this.ctx.render();
  }

  /** This session's entry, else the user's remembered one. Another user's entry is refused, audited,
   * left in place, and the user signs in by hand. */
  private async saved(partition: string, userId: string, appId: string): Promise<Credential | null> {
    const secrets = this.ctx.secrets;
    const session = await secrets?.readAppCredential(userId, appId).catch(() => null);
    const key = this.ctx.vaultKeyOf(partition);
    if (session || !secrets || !key) return session ?? null;
    try {
      const remembered = await secrets.readRememberedCredential(userId, appId, key);
      this.mark(partition, appId, remembered !== null);
      return remembered;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'not-yours') this.ctx.record('refused', partition, appId, 'remembered sign-in is not this user\'s');
      return null;
    }
  }

  /** Whose account `username` is, for the session of `partition`; unknown identity fails closed. */
  private verdict(partition: string, userId: string, appId: string, username: string): AccountVerdict {
    const form = this.formOf(appId);
    const who = this.ctx.identityOf(partition);
    if (!form || !who || who.userId !== userId) return { kind: 'cannot-check' };
    const rules = { template: form.username, provisioned: this.ctx.provisionedUsername?.(userId, appId), offerUnverified: form.offerUnverified };
    return judgeAccount(rules, who, username);
  }

  private mark(partition: string, appId: string, remembered: boolean): void {
    const apps = this.ctx.remembered(partition);
    if (remembered) apps?.add(appId);
    else apps?.delete(appId);
  }

  private formOf(appId: string) {
    return this.ctx.policy.apps.find((a) => a.id === appId && a.signIn === 'form')?.form;
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}
