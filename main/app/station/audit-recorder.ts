/** Audit lines about a session carry that session's own user, role and method: taken from the
 * station's record of it, never from whoever happens to be in front. */
import type { AuditEvent, AuditEventName, AuditSink } from '../../core/ports/audit.js';
import type { StationEffect, UserSession } from '../../core/session/types.js';

export class AuditRecorder {
  constructor(private readonly sink: AuditSink, private readonly sessionOf: (sessionId: string) => UserSession | undefined) {}

  /** A line the station decided on. */
  effect(effect: Extract<StationEffect, { type: 'audit' }>): void {
    const { type: _type, sessionId: _sessionId, ...line } = effect;
    this.sink.record(line);
  }

  /** A line about a live session (its partition), e.g. an app it opened; dropped once it has ended. */
  session(sessionId: string, event: AuditEventName, extra: Pick<AuditEvent, 'reason' | 'app' | 'detail'> = {}): void {
    const session = this.sessionOf(sessionId);
    if (!session) return;
    this.sink.record({
      event, method: session.method, ...(session.userId ? { userId: session.userId } : {}),
      ...(session.roleName ? { role: session.roleName } : {}), ...clean(extra),
    });
  }

  /** A line about the workstation itself (a reader, the provider), or about nobody yet. */
  station(event: AuditEventName, extra: Pick<AuditEvent, 'reason' | 'detail' | 'method'> = {}): void {
    this.sink.record({ event, ...clean(extra) });
  }
}

function clean<T extends object>(extra: T): Partial<T> {
  return Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) as Partial<T>;
}
