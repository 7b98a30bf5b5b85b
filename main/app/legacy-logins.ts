/**
 * Apps that only have a login form: fill a remembered sign-in whenever the app's login page
 * shows, and offer to remember one typed by hand. Credentials live in the user's keychain entry
 * and in main only; the shell is told the app and username, never the password.
 */
import type { AuditEventName } from '../core/ports/audit.js';
import type { AppEvent, Host } from '../core/ports/host.js';
import type { Policy } from '../core/policy/types.js';

export interface AppCredentials {
  saveAppCredential(userId: string, appId: string, credential: { username: string; password: string }): Promise<void>;
  readAppCredential(userId: string, appId: string): Promise<{ username: string; password: string } | null>;
}

export interface LegacyContext {
  policy: Policy;
  host: Host;
  secrets: AppCredentials | undefined;
  /** The signed-in user of a partition, if its session is live. */
  userOf(partition: string): string | undefined;
  frontPartition(): string | undefined;
  /** An audit line about the session of `partition`. */
  record(event: AuditEventName, partition: string, app: string): void;
  render(): void;
}

interface Offer { partition: string; appId: string; username: string; password: string }

export class LegacyLogins {
  private offer: Offer | undefined;

  constructor(private readonly ctx: LegacyContext) {}

  /** What the shell may show of a pending offer, for the session in front. */
  offerFor(partition: string | undefined): { appId: string; username: string } | undefined {
    return this.offer && this.offer.partition === partition ? { appId: this.offer.appId, username: this.offer.username } : undefined;
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
    const saved = await this.ctx.secrets?.readAppCredential(userId, appId).catch(() => null);
    if (!saved) return;
    const filled = await this.ctx.host.fillForm(partition, appId, originOf(form.loginUrl), {
      usernameSelector: form.usernameSelector, passwordSelector: form.passwordSelector, submitSelector: form.submitSelector, ...saved,
    });
    if (filled) this.ctx.record('credential-filled', partition, appId);
  }

  async manualLogin(event: Extract<AppEvent, { type: 'manual-login' }>): Promise<void> {
    const userId = this.ctx.userOf(event.partition);
    const form = this.formOf(event.appId);
    if (!userId || !form || originOf(form.loginUrl) !== event.origin || !this.ctx.secrets) return;
    // Lanyard's own fill submits the form too: what is already remembered needs no offer.
    const saved = await this.ctx.secrets.readAppCredential(userId, event.appId).catch(() => null);
    if (saved?.username === event.username && saved.password === event.password) return;
    this.offer = { partition: event.partition, appId: event.appId, username: event.username, password: event.password };
    this.ctx.render();
  }

  async answer(appId: string, remember: boolean): Promise<void> {
    const offer = this.offer;
    this.offer = undefined;
    const userId = offer && this.ctx.userOf(offer.partition);
    if (remember && offer && userId && offer.appId === appId && this.ctx.frontPartition() === offer.partition) {
      await this.ctx.secrets?.saveAppCredential(userId, appId, { username: offer.username, password: offer.password });
      this.ctx.record('credential-remembered', offer.partition, appId);
    }
    this.ctx.render();
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
