/**
 * What the station calls: one FHIRcast topic per user session, never shared. It maps station
 * sessions to topics, drives hibernate/resume/logout on the hub, answers the banner's "who is in
 * context", hands the identity provider the launch context for an app's token, and tells the shell
 * when the patient changed or an app did not follow.
 */
import { patientBanner, type PatientBanner } from '../core/patient.js';
import type { FhirResource } from './events.js';
import type { HubCore, HubNotice, NotFollowedReason } from './hub-core.js';

export type PatientContextEvent =
  | { type: 'patient-changed'; sessionId: string; patient: PatientBanner | undefined }
  | { type: 'app-did-not-follow'; sessionId: string; app: string; reason: NotFollowedReason }
  | { type: 'app-followed'; sessionId: string; clientId: string };

/** SMART launch parameters for an app's token response (FHIRcast 2.1). */
export interface LaunchContext { 'hub.url': string; 'hub.topic': string; patient?: string }

interface SessionTopic { topic: string; userId: string; suspended: boolean }

export class PatientContext {
  private readonly sessions = new Map<string, SessionTopic>();
  private readonly byTopic = new Map<string, string>();
  private readonly listeners = new Set<(e: PatientContextEvent) => void>();

  constructor(private readonly hub: HubCore, private readonly hubUrl: string, private readonly today: () => string, private readonly apps?: readonly string[]) {
    hub.on((n) => this.onHub(n));
  }

  on(listener: (e: PatientContextEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new user session: a fresh topic with no patient. */
  sessionStarted(sessionId: string, userId: string): string {
    const old = this.sessions.get(sessionId);
    if (old) return old.topic;
    const topic = this.hub.openTopic();
    this.sessions.set(sessionId, { topic, userId, suspended: false });
    this.byTopic.set(topic, sessionId);
    return topic;
  }

  suspended(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s || s.suspended) return;
    s.suspended = true;
    this.hub.hibernate(s.topic);
  }

  resumed(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s || !s.suspended) return;
    s.suspended = false;
    this.hub.resume(s.topic);
    this.emit({ type: 'patient-changed', sessionId, patient: this.current(sessionId) });
  }

  ended(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    this.sessions.delete(sessionId);
    this.byTopic.delete(s.topic);
    this.hub.endTopic(s.topic);
  }

  /** The patient for the banner; none while the session is suspended. */
  current(sessionId: string): PatientBanner | undefined {
    const s = this.sessions.get(sessionId);
    if (!s || s.suspended) return undefined;
    const p = this.hub.currentPatient(s.topic);
    return p ? patientBanner(p, this.today()) : undefined;
  }

  /** The banner's "Close patient". */
  closePatient(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (s && !s.suspended) this.hub.closePatient(s.topic);
  }

  /** For the identity provider: the launch context of `clientId` acting for `userId`, if it takes part.
   * The user's one active (not suspended) session: a suspended session's apps get no new launch. */
  launchFor(userId: string, clientId: string): LaunchContext | undefined {
    if (this.apps && !this.apps.includes(clientId)) return undefined;
    const s = [...this.sessions.values()].find((x) => x.userId === userId && !x.suspended);
    if (!s) return undefined;
    const patient: FhirResource | undefined = this.hub.currentPatient(s.topic);
    return { 'hub.url': this.hubUrl, 'hub.topic': s.topic, ...(patient?.id ? { patient: patient.id } : {}) };
  }

  private onHub(n: HubNotice): void {
    const sessionId = this.byTopic.get(n.topic);
    if (!sessionId) return;
    if (n.type === 'context-changed') this.emit({ type: 'patient-changed', sessionId, patient: n.patient ? patientBanner(n.patient, this.today()) : undefined });
    else if (n.type === 'not-followed') this.emit({ type: 'app-did-not-follow', sessionId, app: n.app, reason: n.reason });
    else this.emit({ type: 'app-followed', sessionId, clientId: n.clientId });
  }

  private emit(e: PatientContextEvent): void { for (const l of this.listeners) l(e); }
}
