/**
 * Runs one workstation: card and key events and shell commands go into the Station (pure state
 * machine); its effects come out here as host, card, identity, keychain and audit work.
 */
import type { AuditSink, AuditEventName } from '../core/ports/audit.js';
import type { CardCredential } from '../core/ports/card-credential.js';
import type { AppEvent, Host } from '../core/ports/host.js';
import type { Clock, Timer } from '../core/ports/clock.js';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';
import type { ShellCommand, ShellMessage } from '../core/shell-view.js';
import { Station } from '../core/session/station.js';
import { IdleWatch } from '../core/session/idle.js';
import type { StationEffect, UserSession } from '../core/session/types.js';
import { buildView, type SignInPhase } from './view.js';
import { userMessageOf, type IdentityGateway, type RoleChoice, type SignedInSession } from './sign-in-types.js';
import type { CardWatcher, PresentedCard } from './card-watcher.js';
import { appsForRole, openAppsFor, type OpenedApps } from './app-tabs.js';
import { proveCardPossession } from './card-possession.js';
import type { FidoKeys } from './fido-keys.js';
import { TouchSignIn, type TouchResult } from './touch-sign-in.js';
import { LegacyLogins, originOf, type AppCredentials } from './legacy-logins.js';
import { enrolKey, removeKeys, type EnrolmentContext } from './key-enrolment.js';

export interface SecretStore extends AppCredentials {
  saveRefreshToken(userId: string, token: string): Promise<void>;
  forgetUser(userId: string): Promise<unknown>;
}

export interface StationDeps {
  policy: Policy;
  host: Host;
  cards: CardWatcher;
  identity: IdentityGateway;
  audit: AuditSink;
  clock: Clock;
  log: Log;
  secrets?: SecretStore;
  /** Said on the lock screen from the start (e.g. the keychain does not work). */
  notice?: ShellMessage;
  /** Fingerprint keys (policy allows FIDO). */
  fido?: FidoKeys;
  /** Demo mode: software cards the UI can tap and pull, and a virtual key it can touch. */
  demo?: {
    cards: () => { id: string; label: string; inserted: boolean }[]; tap(id: string): void; pull(id: string): void;
    keys?: () => { id: string; label: string }[]; touch?(id: string): void;
    /** Legacy sign-ins the demo's IT has set up for a user (others learn theirs by hand). */
    legacyAccounts?(userId: string): { appId: string; username: string; password: string }[];
  };
}

/** Tries at the identity provider before a sign-in gives up, and the pause between them (× try). */
const IDP_ATTEMPTS = 3;
const IDP_RETRY_MS = 1000;

interface Pending { sessionId: string; card?: PresentedCard; roleChoice?: RoleChoice; phase: SignInPhase }
interface Live {
  signedIn: SignedInSession;
  apps: OpenedApps;
  enrolledKeys?: number;
  /** The card certificate the session began with: only that card may resume it. */
  certificate?: Uint8Array;
}

export class StationController {
  private readonly station: Station;
  private readonly idle: IdleWatch;
  private pending: Pending | undefined;
  private readonly live = new Map<string, Live>();
  private message: ShellMessage | undefined;
  private readonly legacy: LegacyLogins;
  private idleSeconds: number | undefined;
  private expiryTimer: Timer | undefined;
  private cardService: 'ok' | 'unavailable' = 'ok';
  private chain: Promise<void> = Promise.resolve();
  private readonly touch: TouchSignIn | undefined;
  /** A touch sign-in the station is about to take (between credential-presented and begin-sign-in). */
  private touched: TouchResult | undefined;
  /** Which credential each plugged key signed in, so pulling the key can lock that session. */
  private readonly keyCredentials = new Map<string, string>();

  constructor(private readonly deps: StationDeps) {
    this.message = deps.notice;
    this.legacy = new LegacyLogins({
      policy: deps.policy, host: deps.host, secrets: deps.secrets,
      userOf: (partition) => this.live.get(partition)?.signedIn.user.userId,
      frontPartition: () => this.station.front()?.id,
      record: (event, userId, app) => this.record(event, userId, undefined, app),
      render: () => this.render(),
    });
    const s = deps.policy.session;
    this.station = new Station({
      onCardRemoval: s.onCardRemoval, onKeyRemoval: s.onKeyRemoval, resumeWith: s.resumeWith, pinGraceSeconds: s.pinGraceSeconds,
      suspendedTimeoutSeconds: s.suspendedTimeoutSeconds, maxSuspendedUsers: s.maxSuspendedUsers,
    }, deps.clock);
    this.idle = new IdleWatch(deps.clock, s.idleTimeoutSeconds, s.idleWarningSeconds, {
      warn: (left) => { this.idleSeconds = left; this.render(); },
      cancelled: () => { this.idleSeconds = undefined; this.render(); },
      timeout: () => this.serially(() => this.dispatch({ type: 'idle-timeout' })),
    });
    if (deps.fido && deps.policy.authenticators.fido) {
      this.touch = new TouchSignIn(deps.fido, deps.identity, {
        canWait: () => !this.station.front() && !this.pending,
        signedIn: (result) => this.serially(() => this.touchSignedIn(result)),
        failed: (message, code) => {
          this.record('auth-failed', undefined, `fingerprint: ${code ?? 'error'}`);
          this.say('error', message);
        },
      }, deps.log.child('touch'));
    }
  }

  async start(): Promise<void> {
    await this.deps.host.openShell((command) => this.serially(() => this.command(command)));
    this.deps.host.subscribe((event) => this.onAppEvent(event));
    this.deps.cards.subscribe({
      presented: (card) => this.serially(() => this.cardPresented(card)),
      removed: (cardId) => this.serially(() => this.dispatch({ type: 'credential-removed', credentialId: cardId })),
      failed: (message) => this.serially(async () => { this.say('error', message); }),
      service: (available) => { this.cardService = available ? 'ok' : 'unavailable'; this.render(); },
    });
    this.deps.cards.start();
    this.deps.fido?.start({
      inserted: () => this.touch?.arm(),
      removed: (path) => this.serially(() => this.keyRemoved(path)),
      waitingForFinger: () => undefined,
    });
    this.render();
  }

  async stop(): Promise<void> {
    this.idle.stop();
    this.expiryTimer?.cancel();
    await this.chain;
    for (const [sessionId, live] of this.live) await this.endSession(sessionId, live.signedIn.user.userId);
    await this.deps.cards.close();
    this.touch?.disarm();
    await this.deps.fido?.close();
  }

  /** Everything that touches state runs one at a time, in arrival order. */
  private serially(work: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(work).catch((error: unknown) => {
      this.deps.log.error('station work failed', { error: String(error) });
      this.say('error', userMessageOf(error, 'Something went wrong. Tap your card again; if it keeps happening, call the IT service desk.'));
    });
    return this.chain;
  }

  private async command(command: ShellCommand): Promise<void> {
    switch (command.type) {
      case 'ready': return this.render();
      case 'activity': this.activity(); return;
      case 'submit-pin': return this.submitPin(command.pin);
      case 'choose-role': return this.chooseRole(command.roleId);
      case 'select-tab': return this.selectTab(command.appId);
      case 'cancel': return this.cancel();
      case 'lock': return this.dispatch({ type: 'lock' });
      case 'logout': return this.dispatch({ type: 'logout' });
      case 'demo-tap': this.deps.demo?.tap(command.cardId); return;
      case 'demo-pull': this.deps.demo?.pull(command.cardId); return;
      case 'demo-touch': this.deps.demo?.touch?.(command.keyId); return;
      case 'fido-enrol': void this.enrolKey(); return;
      case 'fido-remove': return this.removeKeys();
      case 'remember-login': return this.legacy.answer(command.appId, command.remember);
    }
  }

  private async cardPresented(card: PresentedCard): Promise<void> {
    if (!this.deps.policy.authenticators.smartcard) {
      this.say('error', 'Smartcard sign-in is turned off on this workstation. Use your fingerprint key.');
      return;
    }
    this.message = undefined;
    this.touch?.disarm(); // a card in the reader wins over a key waiting for a finger
    const waiting = this.station.suspended().find((s) => s.credentialId === card.cardId);
    const began = waiting && this.live.get(waiting.id)?.certificate;
    if (began && !sameBytes(began, card.credential.certificateDer)) {
      // Same card ID, different certificate: a copied or re-issued card never resumes someone's work.
      this.record('refused', waiting.userId, 'card ID matches a suspended session but its certificate does not');
      return this.say('error', 'This card does not match the card that locked this session. Use your own card, or call the IT service desk.');
    }
    await this.dispatch({ type: 'credential-presented', credentialId: card.cardId, method: 'smartcard' });
  }

  private async touchSignedIn(result: TouchResult): Promise<void> {
    this.message = undefined;
    this.keyCredentials.set(result.path, result.credentialId);
    this.touched = result;
    try {
      await this.dispatch({ type: 'credential-presented', credentialId: result.credentialId, method: 'fido' });
    } finally {
      this.touched = undefined;
    }
  }

  private async keyRemoved(path: string): Promise<void> {
    this.touch?.keyRemoved(path);
    const credentialId = this.keyCredentials.get(path);
    this.keyCredentials.delete(path);
    if (credentialId) await this.dispatch({ type: 'credential-removed', credentialId });
  }

  private async dispatch(event: Parameters<Station['dispatch']>[0]): Promise<void> {
    for (const effect of this.station.dispatch(event)) await this.apply(effect);
    this.render();
  }

  private async apply(effect: StationEffect): Promise<void> {
    switch (effect.type) {
      case 'begin-sign-in':
        return effect.method === 'fido' ? this.beginTouchSession(effect.sessionId) : this.askPin(effect.sessionId);
      case 'reauthenticate': return this.station.get(effect.sessionId)?.method === 'fido' && this.touched
        // The key verified the finger and the provider the assertion: that is the re-authentication.
        ? this.dispatch({ type: 'authenticated', sessionId: effect.sessionId, userId: this.station.get(effect.sessionId)?.userId ?? '', display: '' })
        : this.askPin(effect.sessionId);
      case 'cancel-sign-in': this.pending = undefined; return;
      case 'show': return this.show(effect.sessionId);
      case 'hide-all':
        this.legacy.clear();
        this.idle.stop();
        this.idleSeconds = undefined;
        return this.deps.host.hideApps();
      case 'end': return this.endSession(effect.sessionId, effect.userId);
      case 'schedule-expiry': return this.scheduleExpiry(effect.at);
      case 'audit': return this.record(effect.event as AuditEventName, effect.userId, effect.reason);
    }
  }

  private async beginTouchSession(sessionId: string): Promise<void> {
    const touched = this.touched;
    if (!touched) return this.dispatch({ type: 'auth-failed', sessionId, reason: 'no touch result' });
    const pending: Pending = { sessionId, phase: 'signing-in' };
    this.pending = pending;
    await this.identified(pending, touched.choice);
  }

  private async askPin(sessionId: string): Promise<void> {
    const session = this.station.get(sessionId);
    const card = session && this.deps.cards.present(session.credentialId);
    if (!card) {
      if (session?.method === 'fido') this.say('info', 'Touch your fingerprint key to carry on.');
      return this.dispatch({ type: 'auth-failed', sessionId, reason: session?.method === 'fido' ? 'key not touched' : 'card not present' });
    }
    this.pending = { sessionId, card, phase: 'pin' };
    card.triesLeft = await card.credential.pinTriesLeft().catch(() => null);
    if (card.triesLeft === 0) {
      this.say('error', 'Your card is locked after too many wrong PINs. Ask your registration authority or the IT service desk to unlock it.');
      await this.dispatch({ type: 'auth-failed', sessionId, reason: 'pin-blocked' });
    }
  }

  private async submitPin(pin: string): Promise<void> {
    const pending = this.pending;
    if (!pending?.card || pending.phase !== 'pin') return;
    const { credential } = pending.card;
    const { min, max } = credential.pinLength;
    if (!/^\d+$/.test(pin) || pin.length < min || pin.length > max) {
      this.say('error', `Your PIN is ${min === max ? min : `${min} to ${max}`} digits.`);
      return;
    }
    pending.phase = 'signing-in';
    this.message = undefined;
    this.render();
    try {
      await credential.verifyPin(pin); // exactly once: a wrong PIN is never retried for the user
    } catch (error) {
      return this.pinFailed(pending, error);
    }
    const session = this.station.get(pending.sessionId);
    if (session?.resuming) return this.finishResume(pending, credential);
    await this.signInWithCard(pending, credential);
  }

  private async pinFailed(pending: Pending, error: unknown): Promise<void> {
    const code = (error as { code?: string }).code;
    const triesLeft = (error as { triesLeft?: number }).triesLeft;
    if (code === 'pin-wrong' && pending.card) {
      pending.phase = 'pin';
      pending.card.triesLeft = triesLeft ?? null;
      this.record('pin-failed', this.station.get(pending.sessionId)?.userId, `tries left ${triesLeft ?? 'unknown'}`);
    }
    this.say('error', userMessageOf(error, 'The card did not accept the PIN. Try again.'));
    if (code === 'pin-wrong') return;
    if (code === 'pin-blocked') this.record('pin-blocked', this.station.get(pending.sessionId)?.userId);
    this.pending = undefined;
    await this.dispatch({ type: 'auth-failed', sessionId: pending.sessionId, reason: code ?? 'card error' });
  }

  /** The card proves who it is to the provider: sign its fresh challenge. A provider that cannot be
   * reached is tried again a few times (the PIN stays verified on the card meanwhile, so nobody
   * types it twice); a refusal is final. */
  private async signInWithCard(pending: Pending, credential: CardCredential): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const signIn = await this.deps.identity.beginSmartcardSignIn();
        const signature = await credential.sign(signIn.challenge);
        const choice = await signIn.complete({ certificateDer: credential.certificateDer, signature, algorithm: credential.algorithm });
        if (this.pending !== pending) return; // card pulled meanwhile
        return await this.identified(pending, choice);
      } catch (error) {
        const retry = (error as { retryable?: unknown }).retryable === true && attempt < IDP_ATTEMPTS && this.pending === pending;
        this.deps.log.warn('sign-in failed', { attempt, retry, error: String(error) });
        if (retry) {
          this.say('warning', `${userMessageOf(error, 'The sign-in service is not answering.')} Trying again…`);
          await new Promise((resolve) => setTimeout(resolve, IDP_RETRY_MS * attempt));
          if (this.pending === pending) continue;
          return;
        }
        this.say('error', userMessageOf(error, 'Sign-in failed. Tap your card to try again.'));
        if (this.pending !== pending) return;
        this.pending = undefined;
        return this.dispatch({ type: 'auth-failed', sessionId: pending.sessionId, reason: (error as { code?: string }).code ?? 'sign-in failed' });
      }
    }
  }

  /** The provider knows who this is (card or key): on to the role, picked for them when there is one. */
  private async identified(pending: Pending, choice: RoleChoice): Promise<void> {
    pending.roleChoice = choice;
    if (choice.roles.length > 1) pending.phase = 'choose-role';
    await this.dispatch({ type: 'authenticated', sessionId: pending.sessionId, userId: choice.user.userId, display: choice.user.name });
    if (choice.roles.length === 1 && this.pending === pending) await this.chooseRole(choice.roles[0]!.roleId);
  }

  private async finishResume(pending: Pending, credential: CardCredential): Promise<void> {
    const session = this.station.get(pending.sessionId);
    const live = this.live.get(pending.sessionId);
    try {
      // The PIN proved the holder; the signature over a fresh challenge proves the card holds the key
      // of the very certificate this session began with.
      if (live?.certificate && !sameBytes(live.certificate, credential.certificateDer)) {
        throw Object.assign(new Error('certificate differs from the session\'s'), {
          userMessage: 'This card does not match the card that locked this session. Use your own card, or call the IT service desk.',
        });
      }
      await proveCardPossession(credential);
    } catch (error) {
      this.pending = undefined;
      this.say('error', userMessageOf(error, 'This card could not prove who it belongs to. Use your own card.'));
      return this.dispatch({ type: 'auth-failed', sessionId: pending.sessionId, reason: 'possession proof failed' });
    }
    this.pending = undefined;
    await this.dispatch({
      type: 'authenticated', sessionId: pending.sessionId,
      userId: session?.userId ?? live?.signedIn.user.userId ?? '', display: session?.display ?? '',
    });
  }

  private async chooseRole(roleId: string): Promise<void> {
    const pending = this.pending;
    const choice = pending?.roleChoice;
    if (!pending || !choice) return;
    const role = choice.roles.find((r) => r.roleId === roleId);
    if (!role) return this.say('error', 'That role is not one of yours. Choose one from the list.');
    pending.phase = 'signing-in';
    this.render();
    try {
      const signedIn = await choice.choose(roleId);
      if (this.pending !== pending) { await signedIn.logout().catch(() => undefined); return; }
      const host = this.deps.host;
      await host.createPartition(pending.sessionId);
      await host.addCookies(pending.sessionId, signedIn.providerCookies);
      const apps = appsForRole(this.deps.policy, role.roleCode, this.deps.policy.identityProvider.issuer);
      this.live.set(pending.sessionId, {
        signedIn, apps: { list: apps, loaded: new Set(), active: apps[0]?.id, started: false },
        ...(pending.card ? { certificate: pending.card.credential.certificateDer } : {}),
      });
      for (const account of this.deps.demo?.legacyAccounts?.(signedIn.user.userId) ?? []) {
        await this.deps.secrets?.saveAppCredential(signedIn.user.userId, account.appId, account).catch(() => undefined);
      }
      if (signedIn.refreshToken) {
        await this.deps.secrets?.saveRefreshToken(signedIn.user.userId, signedIn.refreshToken)
          .catch((error: unknown) => this.deps.log.warn('refresh token kept in memory only', { error: String(error) }));
      }
      this.pending = undefined;
      await this.dispatch({ type: 'role-chosen', sessionId: pending.sessionId, roleName: role.roleName });
    } catch (error) {
      this.say('error', userMessageOf(error, 'Could not finish signing in. Tap your card to try again.'));
      this.pending = undefined;
      await this.dispatch({ type: 'auth-failed', sessionId: pending.sessionId, reason: 'role selection failed' });
    }
  }

  private async show(sessionId: string): Promise<void> {
    const live = this.live.get(sessionId);
    if (!live) return;
    this.message = undefined;
    this.activity();
    if (live.enrolledKeys === undefined && this.deps.policy.authenticators.fido) {
      void live.signedIn.fidoCredentials().then((keys) => { live.enrolledKeys = keys.length; this.render(); }, () => undefined);
    }
    if (!live.apps.started) {
      // First show: open every app of the role at once; each signs in silently in this partition,
      // and the active tab comes on screen as soon as it has loaded.
      void openAppsFor(this.deps.host, sessionId, live.apps, {
        loaded: (appId) => {
          this.record('app-opened', live.signedIn.user.userId, undefined, appId);
          if (appId === live.apps.active) void this.serially(() => this.showActiveTab(sessionId));
          else this.render();
        },
        failed: (appId, error) => {
          if (this.live.get(sessionId) !== live) return; // the session ended while its apps were opening
          this.deps.log.warn('app did not open', { app: appId, error: String(error) });
          this.say('warning', `${live.apps.list.find((a) => a.id === appId)?.name ?? appId} did not open. Choose its tab to try again.`);
        },
      });
    } else {
      await this.showActiveTab(sessionId);
    }
  }

  private async showActiveTab(sessionId: string): Promise<void> {
    const live = this.live.get(sessionId);
    const front = this.station.front();
    if (!live?.apps.active || front?.id !== sessionId || front.state !== 'active') return;
    await this.deps.host.showApp(sessionId, live.apps.active).catch(() => undefined);
    this.render();
  }

  private async selectTab(appId: string): Promise<void> {
    const front = this.station.front();
    const live = front && this.live.get(front.id);
    const app = live?.apps.list.find((a) => a.id === appId);
    if (!front || !live || !app) return;
    live.apps.active = appId;
    if (!live.apps.loaded.has(appId)) {
      // It failed to open earlier (e.g. the app's server was down): try again now it is asked for.
      await this.deps.host.openApp(front.id, app);
      live.apps.loaded.add(appId);
      this.message = undefined;
    }
    await this.showActiveTab(front.id);
  }

  private async cancel(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    await this.dispatch({ type: 'auth-failed', sessionId: pending.sessionId, reason: 'cancelled' });
  }

  private async endSession(sessionId: string, userId: string | undefined): Promise<void> {
    if (this.pending?.sessionId === sessionId) this.pending = undefined;
    const live = this.live.get(sessionId);
    this.live.delete(sessionId);
    await this.deps.host.destroyPartition(sessionId).catch((error: unknown) => this.deps.log.warn('partition not cleared', { error: String(error) }));
    // Revoking tokens and signing the apps out is network work: it must not hold up the station
    // (a slow provider would delay the next card's lock or sign-in), so it runs alongside.
    void live?.signedIn.logout().catch((error: unknown) => this.deps.log.warn('provider logout failed', { error: String(error) }));
    if (userId) await this.deps.secrets?.forgetUser(userId).catch((error: unknown) => this.deps.log.warn('keychain not cleared', { error: String(error) }));
  }

  private scheduleExpiry(at: number): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = this.deps.clock.setTimeout(() => this.serially(() => this.dispatch({ type: 'expire' })),
      Math.max(0, at - this.deps.clock.now()));
  }

  private activity(): void {
    const front = this.station.front();
    if (front?.state === 'active') this.idle.activity();
  }

  private onAppEvent(event: AppEvent): void {
    const front = this.station.front();
    switch (event.type) {
      case 'activity':
        if (front?.id === event.partition) this.activity();
        return;
      case 'navigation-refused':
        this.record('refused', this.live.get(event.partition)?.signedIn.user.userId, `navigation to ${originOf(event.url)}`, event.appId);
        if (front?.id === event.partition) this.say('warning', `That link goes outside the apps this workstation allows, so it was not opened.`);
        return;
      case 'app-crashed':
        this.say('error', `${event.appId} stopped working. Choose its tab to reload it.`);
        return;
      case 'app-loaded':
        // Filling a form drives the page and can take a while: never in the station's queue.
        void this.legacy.loaded(event.partition, event.appId, event.url)
          .catch((error: unknown) => this.deps.log.warn('legacy sign-in not filled', { app: event.appId, error: String(error) }));
        return;
      case 'manual-login':
        void this.serially(() => this.legacy.manualLogin(event));
        return;
      default:
        return;
    }
  }

  private async enrolKey(): Promise<void> {
    const front = this.station.front();
    const live = front && this.live.get(front.id);
    if (!front || !live || front.method !== 'smartcard') return;
    if (await enrolKey(this.enrolment(), live.signedIn)) live.enrolledKeys = (live.enrolledKeys ?? 0) + 1;
    this.render();
  }

  private async removeKeys(): Promise<void> {
    const front = this.station.front();
    const live = front && this.live.get(front.id);
    if (!live) return;
    await removeKeys(this.enrolment(), live.signedIn);
    live.enrolledKeys = 0;
    this.render();
  }

  private enrolment(): EnrolmentContext {
    return {
      keys: this.deps.fido,
      touchDemoKeys: () => this.deps.demo?.keys?.().forEach((k) => this.deps.demo?.touch?.(k.id)),
      enrolled: (path) => this.touch?.enrolled(path),
      record: (event, userId, reason) => this.record(event, userId, reason),
      say: (kind, text) => this.say(kind, text),
    };
  }

  private record(event: AuditEventName, userId?: string, reason?: string, app?: string): void {
    const front = this.station.front();
    this.deps.audit.record({
      event, ...(userId ? { userId } : {}), ...(reason ? { reason } : {}), ...(app ? { app } : {}),
      ...(front?.roleName ? { role: front.roleName } : {}),
    });
  }

  private say(kind: ShellMessage['kind'], text: string): void {
    this.message = { kind, text };
    this.render();
  }

  private render(): void {
    const front: UserSession | undefined = this.station.front();
    if (front || this.pending) this.touch?.disarm();
    else this.touch?.arm();
    this.deps.host.render(buildView({
      policy: this.deps.policy, front, suspended: this.station.suspended(), pending: this.pending,
      live: front ? this.live.get(front.id) : undefined, message: this.message, idleSeconds: this.idleSeconds,
      offer: this.legacy.offerFor(front?.id),
      cardService: this.cardService, demoCards: this.deps.demo?.cards(), demoKeys: this.deps.demo?.keys?.(),
      fido: this.deps.policy.authenticators.fido && front?.state === 'active'
        ? {
          canEnrol: front.method === 'smartcard' && (this.deps.fido?.present().length ?? 0) > 0,
          canRemove: front.method === 'smartcard' && (this.live.get(front.id)?.enrolledKeys ?? 0) > 0,
        } : undefined,
    }));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
