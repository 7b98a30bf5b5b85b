/**
 * Runs one workstation. Card and key events, shell commands, app events and timers come in through
 * one queue that applies only synchronous steps: the Station (core) decides, and its effects are
 * carried out here at once — hiding apps, aborting an attempt, starting slow work that reports back
 * through the same queue. Nothing in the queue waits on a card, the network or a page load.
 */
import type { ShellCommand } from '../../core/shell-view.js';
import { Station } from '../../core/session/station.js';
import { IdleWatch } from '../../core/session/idle.js';
import type { StationEffect, StationEvent } from '../../core/session/types.js';
import type { TouchSignIn } from '../touch-sign-in.js';
import type { PageKeySignIn } from '../page-key-sign-in.js';
import { keySignInFor } from './key-sign-in.js';
import { LegacyLogins } from '../legacy-logins.js';
import { AuditRecorder } from './audit-recorder.js';
import { ExpiryTimer } from './expiry-timer.js';
import { Screen } from './screen.js';
import { SessionResources, stationTokenRefresh } from './session-resources.js';
import { SignInFlow } from './sign-in-flow.js';
import { workContextFor } from './sign-in-work.js';
import { Tabs } from './tabs.js';
import { KeyControls } from './key-controls.js';
import { presentStation } from './presenter.js';
import { sleep } from './retry.js';
import { StationQueue } from './queue.js';
import { StationStatus, errorText } from './status.js';
import { frontTransition } from '../../core/shell-view-transition.js';
import { CredentialInputs } from './credential-inputs.js';
import { AppEvents } from './app-events.js';
import { stationRules, type StationDeps } from './deps.js';
import { PatientContextLink } from './patient-context-link.js';
import { PreferenceLink } from './preference-link.js';

/** How long stop() waits for tokens to be revoked and partitions cleared before Lanyard exits. */
const STOP_TIMEOUT_MS = 3000;
export class StationController {
  readonly station: Station;
  private readonly queue = new StationQueue((error) => this.crashed(error), () => this.settle());
  private readonly status: StationStatus;
  private readonly recorder: AuditRecorder;
  private readonly resources: SessionResources;
  private readonly screen: Screen;
  private readonly tabs: Tabs;
  private readonly flow: SignInFlow;
  private readonly idle: IdleWatch;
  private readonly expiry: ExpiryTimer;
  private readonly legacy: LegacyLogins;
  private readonly keys: KeyControls;
  private readonly touch: TouchSignIn | undefined;
  private readonly pageKey: PageKeySignIn | undefined;
  private readonly credentials: CredentialInputs;
  private readonly apps: AppEvents;
  private readonly patients = new PatientContextLink(() => this.deps, { session: (id) => this.station.get(id), front: () => this.station.front(), live: (id) => this.resources.get(id), post: (step) => this.queue.post(step) });
  private readonly prefs = new PreferenceLink(() => this.deps, { front: () => this.station.front(), live: (id) => this.resources.get(id), say: (k, t) => this.status.say(k, t) });

  constructor(private readonly deps: StationDeps) {
    const { policy, host, clock, log } = deps;
    const post = (step: () => void) => this.queue.post(step);
    const say = (kind: 'info' | 'warning' | 'error', text: string) => post(() => this.status.say(kind, text));
    const changed = () => post(() => undefined);
    this.station = new Station(stationRules(policy), clock);
    this.status = new StationStatus(() => this.station.front()?.state === 'active', deps.notice);
    this.recorder = new AuditRecorder(deps.audit, (id) => this.station.get(id));
    this.resources = new SessionResources(host, deps.secrets, log.child('teardown'), stationTokenRefresh(deps, { station: this.station, recorder: this.recorder, dispatch: (e) => this.dispatch(e), say: (k, t) => this.status.say(k, t) }, post));
    this.screen = new Screen(host, log.child('screen'));
    this.tabs = new Tabs(host, this.screen, {
      inFront: (id) => this.station.front()?.id === id && this.station.front()?.state === 'active',
      opened: (id, appId) => post(() => this.apps.opened(id, appId)),
      failed: (id, appId, error) => post(() => this.apps.failed(id, appId, error)),
    });
    this.expiry = new ExpiryTimer(clock, () => post(() => this.dispatch({ type: 'expire' })));
    this.idle = new IdleWatch(clock, policy.session.idleTimeoutSeconds, policy.session.idleWarningSeconds, {
      warn: (left) => post(() => this.status.idleWarning(left, () => this.recorder.session(this.station.front()?.id ?? '', 'idle-warning', { reason: `${left} s left` }))),
      cancelled: () => post(() => { this.status.idleSeconds = undefined; }),
      timeout: () => post(() => this.dispatch({ type: 'idle-timeout' })),
    });
    this.flow = new SignInFlow({
      policy, station: this.station, cards: deps.cards, resources: this.resources, recorder: this.recorder, log: log.child('sign-in'),
      dispatch: (event) => this.dispatch(event), post, say: (kind, text) => this.status.say(kind, text),
      work: workContextFor(deps, (error) => say('warning', `${errorText(error, 'The sign-in service is not answering.')} Trying again…`)),
    });
    this.legacy = new LegacyLogins({
      policy, host, secrets: deps.secrets, userOf: (partition) => this.resources.userOf(partition), vaultKeyOf: (p) => this.resources.get(p)?.signedIn.vaultKey,
      identityOf: (p) => { const s = this.resources.get(p)?.signedIn; return s && { userId: s.user.userId, name: s.user.name, claims: s.claims }; },
      provisionedUsername: (userId, appId) => deps.demo?.provisionedAccounts(userId).find((a) => a.appId === appId)?.username,
      frontPartition: () => this.station.front()?.id, remembered: (p) => this.resources.get(p)?.remembered,
      record: (event, partition, app, reason) => this.recorder.session(partition, event, { app, ...(reason ? { reason } : {}) }), render: changed,
    });
    this.keys = new KeyControls(deps, this.recorder, say, changed, (path) => this.touch?.enrolled(path));
    ({ touch: this.touch, page: this.pageKey } = keySignInFor(deps, clock, {
      canWait: () => !this.station.front() && !this.flow.current,
      signedIn: (result) => post(() => this.credentials.touchSignedIn(result)),
      failed: (message, code) => post(() => {
        this.recorder.station('auth-failed', { method: 'fido', reason: `fingerprint: ${code ?? 'error'}` });
        this.status.say('error', message);
      }),
      changed,
    }, log));
    this.credentials = new CredentialInputs({
      smartcardAllowed: policy.authenticators.smartcard, station: this.station, recorder: this.recorder, status: this.status, log,
      dispatch: (event) => this.dispatch(event), stopKeyWait: () => { this.touch?.disarm(); this.pageKey?.cancel(); }, keyRemoved: (path) => { this.touch?.keyRemoved(path); this.pageKey?.keyRemoved(path); },
    });
    this.apps = new AppEvents({
      station: this.station, resources: this.resources, recorder: this.recorder, status: this.status, tabs: this.tabs, legacy: this.legacy,
      log, activity: () => this.activity(), crashed: (error) => this.crashed(error) });
  }

  async start(): Promise<void> {
    const post = (step: () => void) => this.queue.post(step);
    await this.deps.host.openShell(async (command) => post(() => this.command(command)));
    this.deps.host.subscribe((event) => post(() => this.apps.event(event)));
    this.deps.cards.subscribe({
      presented: (card) => post(() => this.credentials.cardPresented(card)),
      removed: (cardId) => post(() => this.credentials.cardRemoved(cardId)),
      failed: (message) => post(() => this.status.say('error', message)),
      service: (available) => post(() => { this.status.cardService = available ? 'ok' : 'unavailable'; }),
    });
    this.deps.cards.start();
    this.deps.fido?.start({
      inserted: () => post(() => undefined), removed: (path) => post(() => this.credentials.keyRemoved(path)), waitingForFinger: () => undefined,
    });
    post(() => undefined);
  }

  /** Ends every session (tokens revoked, partitions cleared) within a short time, then lets go of the devices. */
  async stop(): Promise<void> {
    this.queue.post(() => this.dispatch({ type: 'shutdown' })); this.queue.close();
    this.idle.stop(); this.expiry.cancel();
    this.touch?.disarm(); this.pageKey?.cancel();
    const done = await this.resources.settled(STOP_TIMEOUT_MS, (ms) => sleep(this.deps.clock, ms));
    if (!done) this.deps.log.warn('stopping before every session was torn down', { timeoutMs: STOP_TIMEOUT_MS });
    await this.deps.cards.close();
    await this.deps.fido?.close();
  }

  private dispatch(event: StationEvent): void {
    this.prefs.event(event); // before the station shows the session: its tabs open in the user's order
    const front = this.station.front();
    const effects = this.station.dispatch(event);
    this.status.transition = frontTransition(front, effects) ?? this.status.transition;
    for (const effect of effects) { this.patients.effect(effect); this.apply(effect); }
  }

  private apply(effect: StationEffect): void {
    switch (effect.type) {
      case 'begin-sign-in': return this.flow.begin(effect.sessionId, effect.credential, this.credentials.takeTouch());
      case 'reauthenticate': return this.flow.reauthenticate(effect.sessionId, effect.proof);
      case 'cancel-sign-in': return this.flow.cancelFor(effect.sessionId);
      case 'show': return this.show(effect.sessionId);
      case 'hide-all':
        this.legacy.clear();
        this.keys.abort();
        this.idle.stop(); this.status.idleSeconds = undefined; this.status.settingsFor = undefined;
        void this.screen.hideAll();
        return;
      case 'end': void this.resources.end(effect.sessionId, effect.userId); return;
      case 'refused': return this.status.say('error', 'This card does not match the card that locked this session. Use your own card, or call the IT service desk.');
      case 'audit': return this.recorder.effect(effect);
    }
  }

  private command(command: ShellCommand): void {
    if (this.deps.demo?.command(command) || this.patients.command(command) || this.prefs.command(command)) return;
    const front = this.station.front();
    const live = this.resources.get(front?.state === 'active' ? front.id : undefined);
    switch (command.type) {
      case 'activity': return this.activity();
      case 'submit-pin': this.status.clear(); return this.flow.submitPin(command.pin);
      case 'choose-role': return this.flow.chooseRole(command.roleId);
      case 'select-tab': if (front && live) this.tabs.select(front.id, live, command.appId); return;
      case 'cancel': this.pageKey?.cancel(); return this.flow.cancelByUser();
      case 'key-sign-in': if (!front && !this.flow.current) this.pageKey?.start(); return;
      case 'lock': return this.dispatch({ type: 'lock' });
      case 'logout': return this.dispatch({ type: 'logout' });
      case 'fido-enrol': if (front && live) this.keys.enrol(front, live); return;
      case 'fido-remove': if (front && live) this.keys.remove(front, live); return;
      case 'display-settings': if (front?.state === 'active') this.status.settingsFor = command.open ? front.id : undefined; return;
      case 'dismiss-message': if (front?.state === 'active' && this.status.message?.text === command.text) this.status.clear(); return;
      case 'remember-login': case 'forget-login': void this.legacy.command(command).catch((e: unknown) => this.crashed(e)); return;
      default: return; // 'ready', and demo commands on a station without the demo
    }
  }

  private show(sessionId: string): void {
    const live = this.resources.get(sessionId);
    if (!live) return;
    this.status.clear();
    this.activity();
    this.keys.shown(live);
    this.tabs.shown(sessionId, live);
  }

  private activity(): void {
    if (this.station.front()?.state === 'active') this.idle.activity();
  }

  private crashed(error: unknown): void {
    this.deps.log.error('station step failed', { error: String(error) });
    this.status.say('error', errorText(error, 'Something went wrong. Tap your card again; if it keeps happening, call the IT service desk.'));
  }

  /** After every step: the expiry timer on the earliest deadline, the key's wait, and the screen. */
  private settle(): void {
    this.expiry.aimAt(this.station.nextDeadline());
    if (this.station.front() || this.flow.current) { this.touch?.disarm(); this.pageKey?.cancel(); } else this.touch?.arm();
    this.deps.host.render(presentStation({
      deps: this.deps, station: this.station, attempt: this.flow.current, resources: this.resources, status: this.status,
      offer: this.legacy.offerFor(this.station.front()?.id), context: this.patients.view(), pageKey: this.pageKey,
    }));
  }
}
