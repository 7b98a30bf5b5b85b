/**
 * The sign-in or resume in front of the station, as an Attempt. Everything here runs inside the
 * controller's queue and is synchronous: slow work (card, provider, partition) is started with the
 * attempt's signal and its result comes back through `post`, where a result of an attempt that is no
 * longer current is dropped (what it obtained was given back by the attempt itself).
 */
import type { Log } from '../../core/ports/log.js';
import type { Policy } from '../../core/policy/types.js';
import type { Station } from '../../core/session/station.js';
import type { CredentialBinding, StationEvent } from '../../core/session/types.js';
import type { CardSource } from './deps.js';
import { userMessageOf, type RoleChoice } from '../sign-in-types.js';
import type { TouchResult } from '../touch-sign-in.js';
import { appsForRole } from '../app-tabs.js';
import { Attempt } from './attempt.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { SessionResources } from './session-resources.js';
import { holdChoice, pinThenProve, proveCardKey, redeemRole, type WorkContext } from './sign-in-work.js';

export interface FlowContext {
  policy: Policy;
  station: Station;
  cards: CardSource;
  resources: SessionResources;
  recorder: AuditRecorder;
  work: WorkContext;
  log: Log;
  dispatch(event: StationEvent): void;
  /** Runs `step` in the controller's queue (where results of slow work come back). */
  post(step: () => void): void;
  say(kind: 'info' | 'warning' | 'error', text: string): void;
}

const BLOCKED = 'Your card is locked after too many wrong PINs. Ask your registration authority or the IT service desk to unlock it.';

export class SignInFlow {
  current: Attempt | undefined;

  constructor(private readonly ctx: FlowContext) {}

  begin(sessionId: string, credential: CredentialBinding, touched: TouchResult | undefined): void {
    if (credential.kind === 'fido') {
      if (!touched) return this.ctx.dispatch({ type: 'auth-failed', sessionId, reason: 'no touch result' });
      const attempt = this.current = new Attempt(sessionId, 'signing-in');
      holdChoice(this.ctx.work, attempt, touched.choice);
      return this.identified(attempt, touched.choice);
    }
    this.askPin(sessionId, credential.cardId);
  }

  reauthenticate(sessionId: string, proof: 'pin' | 'card-key'): void {
    const session = this.ctx.station.get(sessionId);
    if (session?.binding.kind !== 'card') return this.ctx.dispatch({ type: 'auth-failed', sessionId, reason: 'not a card session' });
    if (proof === 'pin') return this.askPin(sessionId, session.binding.cardId);
    const card = this.ctx.cards.present(session.binding.cardId);
    if (!card) return this.ctx.dispatch({ type: 'auth-failed', sessionId, reason: 'card not present' });
    const attempt = this.current = new Attempt(sessionId, 'signing-in', card);
    this.run(attempt, proveCardKey(card.credential), () => this.proven(attempt));
  }

  submitPin(pin: string): void {
    const attempt = this.current;
    if (!attempt?.card || attempt.phase !== 'pin') return;
    const { credential } = attempt.card;
    const { min, max } = credential.pinLength;
    if (!/^\d+$/.test(pin) || pin.length < min || pin.length > max) {
      return this.ctx.say('error', `Your PIN is ${min === max ? min : `${min} to ${max}`} digits.`);
    }
    attempt.phase = 'signing-in';
    const resuming = this.ctx.station.get(attempt.sessionId)?.resuming === true;
    this.run(attempt, pinThenProve(this.ctx.work, attempt, credential, pin, resuming),
      (outcome) => (outcome.kind === 'proven' ? this.proven(attempt) : this.identified(attempt, outcome.choice)));
  }

  chooseRole(roleId: string): void {
    const attempt = this.current;
    const choice = attempt?.roleChoice;
    if (!attempt || !choice || attempt.phase === 'pin') return;
    const role = choice.roles.find((r) => r.roleId === roleId);
    if (!role) return this.ctx.say('error', 'That role is not one of yours. Choose one from the list.');
    attempt.phase = 'signing-in';
    this.run(attempt, redeemRole(this.ctx.work, attempt, choice, roleId), (signedIn) => {
      const apps = appsForRole(this.ctx.policy, role.roleCode, this.ctx.policy.identityProvider.issuer);
      this.ctx.resources.add(attempt.sessionId, { signedIn, apps: { list: apps, loaded: new Set(), active: apps[0]?.id, started: false } });
      attempt.handOver();
      this.current = undefined;
      this.ctx.dispatch({ type: 'role-chosen', sessionId: attempt.sessionId, roleName: role.roleName });
    });
  }

  /** The person pressed Cancel. */
  cancelByUser(): void {
    const attempt = this.current;
    if (attempt) this.fail(attempt, 'cancelled');
  }

  /** The station abandoned this session's sign-in: abort it and give back what it holds, now. */
  cancelFor(sessionId: string): void {
    if (this.current?.sessionId !== sessionId) return;
    const attempt = this.current;
    this.current = undefined;
    this.ctx.resources.track(attempt.cancel(this.releaseFailed));
  }

  private askPin(sessionId: string, cardId: string): void {
    const card = this.ctx.cards.present(cardId);
    if (!card) return this.ctx.dispatch({ type: 'auth-failed', sessionId, reason: 'card not present' });
    const attempt = this.current = new Attempt(sessionId, 'pin', card);
    this.run(attempt, card.credential.pinTriesLeft().catch(() => null), (tries) => {
      attempt.triesLeft = tries;
      if (tries !== 0) return;
      this.ctx.say('error', BLOCKED);
      this.fail(attempt, 'pin-blocked');
    });
  }

  /** The provider knows who this is (card or key): on to the role, picked for them when there is one. */
  private identified(attempt: Attempt, choice: RoleChoice): void {
    attempt.roleChoice = choice;
    attempt.phase = choice.roles.length > 1 ? 'choose-role' : 'signing-in';
    this.ctx.dispatch({ type: 'authenticated', sessionId: attempt.sessionId, userId: choice.user.userId, display: choice.user.name });
    const only = choice.roles.length === 1 ? choice.roles[0] : undefined;
    if (only && this.current === attempt) this.chooseRole(only.roleId);
  }

  private proven(attempt: Attempt): void {
    const session = this.ctx.station.get(attempt.sessionId);
    this.current = undefined;
    attempt.handOver();
    this.ctx.dispatch({ type: 'authenticated', sessionId: attempt.sessionId, userId: session?.userId ?? '', display: session?.display ?? '' });
  }

  private failed(attempt: Attempt, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    const triesLeft = (error as { triesLeft?: unknown }).triesLeft;
    if (code === 'pin-wrong' && attempt.card) {
      // Never retried for the person: back to the PIN pad with the tries the card reported.
      attempt.phase = 'pin';
      attempt.triesLeft = typeof triesLeft === 'number' ? triesLeft : null;
      this.ctx.recorder.session(attempt.sessionId, 'pin-failed', { reason: `tries left ${attempt.triesLeft ?? 'unknown'}` });
      return this.ctx.say('error', userMessageOf(error, 'The card did not accept the PIN. Try again.'));
    }
    if (code === 'card-reset' && attempt.card) {
      // Another program reset the card: Lanyard is connected to it again, but the PIN is no longer
      // verified. Back to the PIN pad, as for a wrong PIN, with nothing spent.
      attempt.phase = 'pin';
      this.ctx.log.warn('the card was reset during sign-in: asking for the PIN again');
      return this.ctx.say('error', userMessageOf(error, 'The card needs your PIN again.'));
    }
    if (code === 'pin-blocked') this.ctx.recorder.session(attempt.sessionId, 'pin-blocked');
    this.ctx.log.warn('sign-in failed', { code: typeof code === 'string' ? code : 'unknown', error: String(error) });
    this.ctx.say('error', userMessageOf(error, 'Sign-in failed. Tap your card to try again.'));
    this.fail(attempt, typeof code === 'string' ? code : 'sign-in failed');
  }

  private fail(attempt: Attempt, reason: string): void {
    this.cancelFor(attempt.sessionId);
    this.ctx.dispatch({ type: 'auth-failed', sessionId: attempt.sessionId, reason });
  }

  private run<T>(attempt: Attempt, work: Promise<T>, done: (value: T) => void): void {
    const current = () => this.current === attempt && attempt.live;
    work.then((value) => this.ctx.post(() => { if (current()) done(value); }),
      (error: unknown) => this.ctx.post(() => { if (current()) this.failed(attempt, error); }));
  }

  private readonly releaseFailed = (error: unknown) => this.ctx.log.warn('abandoned sign-in not fully released', { error: String(error) });
}
