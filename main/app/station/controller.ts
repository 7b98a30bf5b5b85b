/**
 * Runs one workstation. Card and key events, shell commands, app events and timers come in through
 * one queue that applies only synchronous steps: the Station (core) decides, and its effects are
 * carried out here at once — hiding apps, aborting an attempt, starting slow work that reports back
 * through the same queue. Nothing in the queue waits on a card, the network or a page load.
 */
import type { AppEvent } from '../../core/ports/host.js';
import type { ShellCommand, ShellMessage } from '../../core/shell-view.js';
import { Station } from '../../core/session/station.js';
import { IdleWatch } from '../../core/session/idle.js';
import type { StationEffect, StationEvent } from '../../core/session/types.js';
import { credentialKey } from '../../core/session/binding.js';
import type { PresentedCard } from '../card-watcher.js';
import { TouchSignIn, type TouchResult } from '../touch-sign-in.js';
import { LegacyLogins, originOf } from '../legacy-logins.js';
import { cardBinding } from '../card-possession.js';
import { AuditRecorder } from './audit-recorder.js';
import { ExpiryTimer } from './expiry-timer.js';
import { Screen } from './screen.js';
import { SessionResources } from './session-resources.js';
import { SignInFlow } from './sign-in-flow.js';
import { Tabs } from './tabs.js';
import { KeyControls } from './key-controls.js';
import { presentStation } from './presenter.js';
import { sleep } from './retry.js';
import { stationRules, type StationDeps } from './deps.js';

export type { StationDeps } from './deps.js';

/** How long stop() waits for tokens to be revoked and partitions cleared before Lanyard exits. */
const STOP_TIMEOUT_MS = 3000;

export class StationController {
  readonly station: Station;
  private readonly idle: IdleWatch;
  private readonly resources: SessionResources;
  private readonly recorder: AuditRecorder;
  private readonly screen: Screen;
  private readonly tabs: Tabs;
  private readonly flow: SignInFlow;
  private readonly expiry: ExpiryTimer;
  private readonly legacy: LegacyLogins;
  private readonly touch: TouchSignIn | undefined;
  private readonly keys: KeyControls;
  private message: ShellMessage | undefined;
  private idleSeconds: number | undefined;
  private cardService: 'ok' | 'unavailable' = 'ok';
  private touched: TouchResult | undefined;
  /** Which credential each plugged key signed in, so pulling the key can lock that session. */
  private readonly keyCredentials = new Map<string, string>();
  private readonly inbox: (() => void)[] = [];
  private draining = false;
  private stopped = false;

  constructor(private readonly deps: StationDeps) {
    const { policy, host, clock, log } = deps;
    this.message = deps.notice;
    this.station = new Station(stationRules(policy), clock);
    this.recorder = new AuditRecorder(deps.audit, (id) => this.station.get(id));
    this.resources = new SessionResources(host, deps.secrets, log.child('teardown'));
    this.screen = new Screen(host, log.child('screen'));
    const inFront = (id: string) => this.station.front()?.id === id && this.station.front()?.state === 'active';
    this.tabs = new Tabs(host, this.screen, {
      inFront,
      opened: (id, appId) => this.post(() => this.appOpened(id, appId)),
      failed: (id, appId, error) => this.post(() => this.appFailed(id, appId, error)),
    });
    this.expiry = new ExpiryTimer(clock, () => this.post(() => this.dispatch({ type: 'expire' })));
    this.idle = new IdleWatch(clock, policy.session.idleTimeoutSeconds, policy.session.idleWarningSeconds, {
      warn: (left) => this.post(() => {
        if (this.idleSeconds === undefined) this.audited('idle-warning', `${left} s left`);
        this.idleSeconds = left;
      }),
      cancelled: () => this.post(() => { this.idleSeconds = undefined; }),
      timeout: () => this.post(() => this.dispatch({ type: 'idle-timeout' })),
    });
    this.flow = new SignInFlow({
      policy, station: this.station, cards: deps.cards, resources: this.resources, recorder: this.recorder, log: log.child('sign-in'),
      dispatch: (event) => this.dispatch(event), post: (step) => this.post(step), say: (kind, text) => this.say(kind, text),
      work: {
        clock, host, identity: deps.identity, ...(deps.secrets ? { secrets: deps.secrets } : {}),
        provisionedAccounts: (userId) => deps.demo?.provisionedAccounts(userId) ?? [],
        releaseFailed: (error) => log.warn('abandoned sign-in not fully released', { error: String(error) }),
        retrying: (error) => this.post(() => this.say('warning', `${errorText(error, 'The sign-in service is not answering.')} Trying again…`)),
      },
    });
    this.legacy = new LegacyLogins({
      policy, host, secrets: deps.secrets, userOf: (partition) => this.resources.userOf(partition),
      frontPartition: () => this.station.front()?.id,
      record: (event, partition, app) => this.recorder.session(partition, event, { app }),
      render: () => this.post(() => undefined),
    });
    this.keys = new KeyControls(deps, this.recorder, (kind, text) => this.post(() => this.say(kind, text)), () => this.post(() => undefined),
      (path) => this.touch?.enrolled(path));
    if (deps.fido && policy.authenticators.fido) {
      this.touch = new TouchSignIn(deps.fido, deps.identity, clock, {
        canWait: () => !this.station.front() && !this.flow.current,
        signedIn: (result) => this.post(() => this.touchSignedIn(result)),
        failed: (message, code) => this.post(() => { this.recorder.station('auth-failed', { method: 'fido', reason: `fingerprint: ${code ?? 'error'}` }); this.say('error', message); }),
      }, log.child('touch'));
    }
  }

  async start(): Promise<void> {
    await this.deps.host.openShell(async (command) => this.post(() => this.command(command)));
    this.deps.host.subscribe((event) => this.post(() => this.appEvent(event)));
    this.deps.cards.subscribe({
      presented: (card) => this.post(() => this.cardPresented(card)),
      removed: (cardId) => this.post(() => {
        this.recorder.station('card-removed', { method: 'smartcard' });
        this.dispatch({ type: 'credential-removed', key: credentialKey({ kind: 'card', cardId, certSha256: '' }) });
      }),
      failed: (message) => this.post(() => this.say('error', message)),
      service: (available) => this.post(() => { this.cardService = available ? 'ok' : 'unavailable'; }),
    });
    this.deps.cards.start();
    this.deps.fido?.start({
      inserted: () => this.post(() => undefined),
      removed: (path) => this.post(() => this.keyRemoved(path)),
      waitingForFinger: () => undefined,
    });
    this.post(() => undefined);
  }

  /** Ends every session (tokens revoked, partitions cleared) within a short time, then lets go of the devices. */
  async stop(): Promise<void> {
    this.post(() => this.dispatch({ type: 'shutdown' }));
    this.stopped = true;
    this.idle.stop();
    this.expiry.cancel();
    this.touch?.disarm();
    const done = await this.resources.settled(STOP_TIMEOUT_MS, (ms) => sleep(this.deps.clock, ms));
    if (!done) this.deps.log.warn('stopping before every session was torn down', { timeoutMs: STOP_TIMEOUT_MS });
    await this.deps.cards.close();
    await this.deps.fido?.close();
  }

  /** The queue: each step runs to completion, in arrival order, then the screen is brought up to date. */
  private post(step: () => void): void {
    if (this.stopped) return;
    this.inbox.push(step);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.inbox.shift(); next; next = this.inbox.shift()) {
        try { next(); } catch (error) { this.crashed(error); }
      }
      this.settle();
    } finally {
      this.draining = false;
    }
  }

  private dispatch(event: StationEvent): void {
    for (const effect of this.station.dispatch(event)) this.apply(effect);
  }

  private apply(effect: StationEffect): void {
    switch (effect.type) {
      case 'begin-sign-in': {
        const touched = this.touched;
        this.touched = undefined;
        return this.flow.begin(effect.sessionId, effect.credential, touched);
      }
      case 'reauthenticate': return this.flow.reauthenticate(effect.sessionId, effect.proof);
      case 'cancel-sign-in': return this.flow.cancelFor(effect.sessionId);
      case 'show': return this.show(effect.sessionId);
      case 'hide-all':
        this.legacy.clear();
        this.keys.abort();
        this.idle.stop();
        this.idleSeconds = undefined;
        void this.screen.hideAll();
        return;
      case 'end': void this.resources.end(effect.sessionId, effect.userId); return;
      case 'refused': return this.say('error', 'This card does not match the card that locked this session. Use your own card, or call the IT service desk.');
      case 'audit': return this.recorder.effect(effect);
    }
  }

  private command(command: ShellCommand): void {
    if (this.deps.demo?.command(command)) return;
    const front = this.station.front();
    const live = this.resources.get(front?.state === 'active' ? front.id : undefined);
    switch (command.type) {
      case 'ready': return;
      case 'activity': return this.activity();
      case 'submit-pin': this.message = undefined; return this.flow.submitPin(command.pin);
      case 'choose-role': return this.flow.chooseRole(command.roleId);
      case 'select-tab': if (front && live) this.tabs.select(front.id, live, command.appId); return;
      case 'cancel': return this.flow.cancelByUser();
      case 'lock': return this.dispatch({ type: 'lock' });
      case 'logout': return this.dispatch({ type: 'logout' });
      case 'fido-enrol': if (front && live) this.keys.enrol(front, live); return;
      case 'fido-remove': if (front && live) this.keys.remove(front, live); return;
      case 'remember-login': void this.legacy.answer(command.appId, command.remember).catch((e: unknown) => this.crashed(e)); return;
      default: return;
    }
  }

  private cardPresented(card: PresentedCard): void {
    this.recorder.station('card-inserted', { method: 'smartcard' });
    if (!this.deps.policy.authenticators.smartcard) {
      return this.say('error', 'Smartcard sign-in is turned off on this workstation. Use your fingerprint key.');
    }
    this.message = undefined;
    this.touch?.disarm(); // a card in the reader wins over a key waiting for a finger
    this.dispatch({ type: 'credential-presented', credential: cardBinding(card) });
  }

  private touchSignedIn(result: TouchResult): void {
    this.message = undefined;
    this.keyCredentials.set(result.path, result.credentialId);
    this.touched = result;
    this.dispatch({ type: 'credential-presented', credential: { kind: 'fido', credentialId: result.credentialId } });
    // Not taken for a new sign-in (it resumed a session, or the same key is in front): what the
    // touch redeemed at the provider is revoked, the resumed session keeps its own tokens.
    if (this.touched === result) void result.choice.abandon().catch((e: unknown) => this.deps.log.warn('touch sign-in not released', { error: String(e) }));
    this.touched = undefined;
  }

  private keyRemoved(path: string): void {
    this.touch?.keyRemoved(path);
    const credentialId = this.keyCredentials.get(path);
    this.keyCredentials.delete(path);
    if (credentialId) this.dispatch({ type: 'credential-removed', key: credentialKey({ kind: 'fido', credentialId }) });
  }

  private show(sessionId: string): void {
    const live = this.resources.get(sessionId);
    if (!live) return;
    this.message = undefined;
    this.activity();
    this.keys.shown(live);
    this.tabs.shown(sessionId, live);
  }

  private appOpened(sessionId: string, appId: string): void {
    const live = this.resources.get(sessionId);
    if (!live) return; // the session ended while its app was opening
    if (!live.apps.loaded.has(appId)) this.recorder.session(sessionId, 'app-opened', { app: appId });
    if (this.message?.kind === 'warning' && appId === live.apps.active) this.message = undefined;
    this.tabs.loaded(sessionId, live, appId);
  }

  private appFailed(sessionId: string, appId: string, error: unknown): void {
    const live = this.resources.get(sessionId);
    if (!live) return;
    this.deps.log.warn('app did not open', { app: appId, error: String(error) });
    if (this.station.front()?.id === sessionId) {
      this.say('warning', `${live.apps.list.find((a) => a.id === appId)?.name ?? appId} did not open. Choose its tab to try again.`);
    }
  }

  private appEvent(event: AppEvent): void {
    const inFront = this.station.front()?.id === event.partition;
    switch (event.type) {
      case 'activity': if (inFront) this.activity(); return;
      case 'navigation-refused':
        this.recorder.session(event.partition, 'refused', { reason: `navigation to ${originOf(event.url)}`, app: event.appId });
        if (inFront) this.say('warning', 'That link goes outside the apps this workstation allows, so it was not opened.');
        return;
      case 'app-crashed':
        this.resources.get(event.partition)?.apps.loaded.delete(event.appId);
        if (inFront) this.say('error', `${event.appId} stopped working. Choose its tab to reload it.`);
        return;
      case 'app-loaded':
        // Filling a form drives the page and can take a while: never in the station's queue.
        void this.legacy.loaded(event.partition, event.appId, event.url)
          .catch((error: unknown) => this.deps.log.warn('legacy sign-in not filled', { app: event.appId, error: String(error) }));
        return;
      case 'manual-login':
        void this.legacy.manualLogin(event).catch((error: unknown) => this.crashed(error));
        return;
    }
  }

  private activity(): void {
    if (this.station.front()?.state === 'active') this.idle.activity();
  }

  private audited(event: 'idle-warning', reason: string): void {
    const front = this.station.front();
    if (front) this.recorder.session(front.id, event, { reason });
  }

  private say(kind: ShellMessage['kind'], text: string): void {
    // Scoped to where it was said (buildView): a session's messages never reach the lock screen.
    this.message = { kind, text, scope: this.station.front()?.state === 'active' ? 'session' : 'station' };
  }

  private crashed(error: unknown): void {
    this.deps.log.error('station step failed', { error: String(error) });
    this.say('error', errorText(error, 'Something went wrong. Tap your card again; if it keeps happening, call the IT service desk.'));
  }

  /** After every step: the expiry timer on the earliest deadline, the key's wait, and the screen. */
  private settle(): void {
    this.expiry.aimAt(this.station.nextDeadline());
    if (this.station.front() || this.flow.current) this.touch?.disarm();
    else this.touch?.arm();
    this.deps.host.render(presentStation({
      deps: this.deps, station: this.station, attempt: this.flow.current, resources: this.resources, message: this.message,
      idleSeconds: this.idleSeconds, cardService: this.cardService, offer: this.legacy.offerFor(this.station.front()?.id),
    }));
  }
}

function errorText(error: unknown, fallback: string): string {
  const text = (error as { userMessage?: unknown } | null)?.userMessage;
  return typeof text === 'string' && text ? text : fallback;
}
