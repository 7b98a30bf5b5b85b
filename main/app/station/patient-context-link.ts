/**
 * Ties the station's sessions to their FHIRcast topics (docs/context.md). Fed every station effect
 * before the controller carries it out: a session's first show opens its topic before its apps
 * open (each app's sign-in takes hub.topic from it), hiding a session that is now suspended sends
 * UserHibernate, showing it again resumes the topic, and its end sends UserLogout. The banner and
 * the "did not follow" warning are given only for the session in front while it is active, so a
 * locked screen shows no patient and one user never sees another's.
 */
import type { PatientContext, PatientContextEvent } from '../../context/patient-context.js';
import type { ShellCommand, ShellView } from '../../core/shell-view.js';
import type { StationEffect, UserSession } from '../../core/session/types.js';
import type { Policy } from '../../core/policy/types.js';
import type { LiveSession } from './session-resources.js';

/** What the station needs of the patient context (PatientContext; a fake in unit tests). */
export type ContextSource = Pick<PatientContext, 'on' | 'sessionStarted' | 'suspended' | 'resumed' | 'ended' | 'current' | 'closePatient'>;

export interface ContextLinkSurroundings {
  session(id: string): UserSession | undefined;
  front(): UserSession | undefined;
  live(id: string): LiveSession | undefined;
  /** Into the station's queue: the screen is rendered after every step. */
  post(step: () => void): void;
}

type Warning = NonNullable<ShellView['contextWarning']>;

export class PatientContextLink {
  /** The session whose apps are on screen (between its show and the next hide-all). */
  private onScreen: string | undefined;
  /** While resumed() runs: its re-sent context is not a new change, so a warning stands. */
  private resuming: string | undefined;
  private readonly warnings = new Map<string, Warning>();
  private appNames: ReadonlyMap<string, string> = new Map();
  private context: ContextSource | undefined;
  private listening = false;

  /** `deps` is read when the first effect comes (the controller builds this before its deps are set). */
  constructor(private readonly deps: () => { context?: ContextSource | undefined; policy: Policy }, private readonly around: ContextLinkSurroundings) {}

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    const { context, policy } = this.deps();
    this.context = context;
    this.appNames = new Map(policy.apps.map((a) => [a.id, a.name]));
    context?.on((e) => {
      const replay = e.type === 'patient-changed' && this.resuming === e.sessionId;
      this.around.post(() => this.event(e, replay));
    });
  }

  /** Called with each effect before the controller applies it. */
  effect(effect: StationEffect): void {
    this.listen();
    if (!this.context) return;
    if (effect.type === 'show') this.shown(effect.sessionId);
    else if (effect.type === 'hide-all') this.hidden();
    else if (effect.type === 'end') this.ended(effect.sessionId);
  }

  /** Takes 'close-patient' (the banner's button); false for any other command. */
  command(command: ShellCommand): boolean {
    if (command.type !== 'close-patient') return false;
    const front = this.around.front();
    if (front?.state === 'active' && front.id === this.onScreen) this.context?.closePatient(front.id);
    return true;
  }

  /** The banner and warning for the shell: the front session's, only while it is active. */
  view(): Pick<ShellView, 'patient' | 'contextWarning'> {
    const front = this.around.front();
    if (!this.context || front?.state !== 'active' || front.id !== this.onScreen) return {};
    const banner = this.context.current(front.id);
    const warning = this.warnings.get(front.id);
    const out: Pick<ShellView, 'patient' | 'contextWarning'> = {};
    if (banner) {
      const { id: _id, ...shown } = banner;
      out.patient = shown;
    }
    if (warning) out.contextWarning = warning;
    return out;
  }

  private shown(sessionId: string): void {
    const live = this.around.live(sessionId);
    if (!live || !this.context) return;
    if (!live.apps.started) this.context.sessionStarted(sessionId, live.signedIn.user.userId);
    else {
      this.resuming = sessionId;
      try { this.context.resumed(sessionId); } finally { this.resuming = undefined; }
    }
    this.onScreen = sessionId;
  }

  private hidden(): void {
    const id = this.onScreen;
    this.onScreen = undefined;
    // Effects come after the station moved on: a session that is ending gets UserLogout, not UserHibernate.
    if (id && this.around.session(id)?.state === 'suspended') this.context?.suspended(id);
  }

  private ended(sessionId: string): void {
    this.context?.ended(sessionId);
    this.warnings.delete(sessionId);
    if (this.onScreen === sessionId) this.onScreen = undefined;
  }

  private event(e: PatientContextEvent, replay: boolean): void {
    if (e.type === 'patient-changed') {
      if (!replay) this.warnings.delete(e.sessionId);
      return;
    }
    const current = this.warnings.get(e.sessionId);
    if (e.type === 'app-followed') {
      const name = this.appNames.get(e.clientId) ?? e.clientId;
      if (!current?.apps.includes(name)) return;
      const apps = current.apps.filter((a) => a !== name);
      if (apps.length) this.warnings.set(e.sessionId, { ...current, apps }); else this.warnings.delete(e.sessionId);
      return;
    }
    if (current?.apps.includes(e.app)) return;
    const patientName = this.context?.current(e.sessionId)?.name;
    this.warnings.set(e.sessionId, { apps: [...(current?.apps ?? []), e.app], ...(patientName ? { patientName } : {}) });
  }
}
