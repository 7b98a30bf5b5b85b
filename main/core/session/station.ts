/**
 * The session state machine of one shared workstation. Pure: events in, effects out, time from the
 * Clock. At most one session is in front (authenticating, choosing-role or active); any number of
 * others are suspended, hidden but alive, until their owner comes back or they expire.
 *
 *   locked ─tap→ authenticating ─PIN+IdP→ choosing-role ─role→ active
 *   active ─pull/idle/lock/other tap→ suspended ─same tap→ active (or authenticating when the
 *   PIN grace has passed) ;  active/suspended ─logout/timeout/limit→ ended
 */
import type { Clock } from '../ports/clock.js';
import type {
  EndReason, StationEffect, StationEvent, StationRules, SuspendReason, UserSession,
} from './types.js';

export class Station {
  private sessions: UserSession[] = [];
  private nextId = 1;

  constructor(private readonly rules: StationRules, private readonly clock: Clock) {}

  /** The session in front, if any (not suspended, not ended). */
  front(): UserSession | undefined {
    return this.sessions.find((s) => s.state !== 'suspended' && s.state !== 'ended');
  }

  suspended(): UserSession[] {
    return this.sessions.filter((s) => s.state === 'suspended')
      .sort((a, b) => (a.suspendedAt ?? 0) - (b.suspendedAt ?? 0));
  }

  get(sessionId: string): UserSession | undefined {
    return this.sessions.find((s) => s.id === sessionId);
  }

  dispatch(event: StationEvent): StationEffect[] {
    switch (event.type) {
      case 'credential-presented': return this.presented(event.credentialId, event.method);
      case 'credential-removed': return this.removed(event.credentialId);
      case 'authenticated': return this.authenticated(event.sessionId, event.userId, event.display);
      case 'role-chosen': return this.roleChosen(event.sessionId, event.roleName);
      case 'auth-failed': return this.authFailed(event.sessionId, event.reason);
      case 'lock': return this.suspendFront('lock');
      case 'idle-timeout': return this.suspendFront('idle');
      case 'logout': {
        // Off the screen first, then cleared: nothing of the user stays visible while it is torn down.
        const front = this.front();
        return front ? [{ type: 'hide-all' }, ...this.end(front, 'logout')] : [];
      }
      case 'expire': return this.expire();
    }
  }

  private presented(credentialId: string, method: UserSession['method']): StationEffect[] {
    const front = this.front();
    if (front?.credentialId === credentialId) return []; // the same card seen twice: nothing to do
    const effects: StationEffect[] = [];
    if (front) effects.push(...this.leaveFront(front, 'switch-user'));

    const waiting = this.sessions.find((s) => s.state === 'suspended' && s.credentialId === credentialId);
    if (waiting) {
      // A clock that went backwards never counts as "within the grace".
      const elapsed = this.clock.now() - (waiting.suspendedAt ?? 0);
      const withinGrace = elapsed >= 0 && elapsed <= this.rules.pinGraceSeconds * 1000;
      if (withinGrace) {
        this.update(waiting, { state: 'active', suspendedAt: undefined, suspendReason: undefined });
        effects.push(audit('resumed', waiting, 'within PIN grace'), { type: 'show', sessionId: waiting.id });
      } else {
        this.update(waiting, { state: 'authenticating', resuming: true });
        effects.push(audit('auth-started', waiting, 'resume'), { type: 'reauthenticate', sessionId: waiting.id });
      }
      return effects;
    }

    const session: UserSession = {
      id: `user-${this.nextId++}`, credentialId, method, state: 'authenticating', resuming: false,
      startedAt: this.clock.now(),
    };
    this.sessions.push(session);
    effects.push(audit('auth-started', session),
      { type: 'begin-sign-in', sessionId: session.id, credentialId, method });
    return effects;
  }

  private removed(credentialId: string): StationEffect[] {
    const front = this.front();
    if (!front || front.credentialId !== credentialId) return [];
    const action = front.method === 'fido' ? this.rules.onKeyRemoval : this.rules.onCardRemoval;
    if (action === 'nothing') return [];
    if (front.state === 'active' && action === 'logout') {
      return [{ type: 'hide-all' }, ...this.end(front, 'card-removed')];
    }
    return this.leaveFront(front, 'card-removed');
  }

  private authenticated(sessionId: string, userId: string, display: string): StationEffect[] {
    const session = this.inFront(sessionId, 'authenticating');
    if (!session) return [];
    if (session.resuming) {
      this.update(session, { state: 'active', resuming: false, suspendedAt: undefined, suspendReason: undefined });
      return [audit('resumed', this.get(sessionId)!, 'PIN verified'), { type: 'show', sessionId }];
    }
    const waiting = this.sessions.find((s) => s.state === 'suspended' && s.userId === userId);
    if (waiting && this.rules.resumeWith === 'any-method') {
      // The same person by another card or their key: their suspended work comes back, and the
      // sign-in that proved who they are is not kept as a second session.
      this.sessions = this.sessions.filter((s) => s.id !== sessionId);
      this.update(waiting, { state: 'active', suspendedAt: undefined, suspendReason: undefined });
      return [
        audit('auth-succeeded', { ...session, userId }),
        { type: 'end', sessionId, userId, reason: 'merged' },
        audit('resumed', waiting, `signed in again by ${session.method}`),
        { type: 'show', sessionId: waiting.id },
      ];
    }
    this.update(session, { state: 'choosing-role', userId, display });
    return [audit('auth-succeeded', this.get(sessionId)!)];
  }

  private roleChosen(sessionId: string, roleName: string): StationEffect[] {
    const session = this.inFront(sessionId, 'choosing-role');
    if (!session) return [];
    this.update(session, { state: 'active', roleName });
    const active = this.get(sessionId)!;
    // With resumeWith 'same-method' a person may sign in afresh by another method while a session of
    // theirs is suspended: one person, one session, so the older one ends.
    const older = this.sessions.filter((s) => s.state === 'suspended' && s.userId === active.userId);
    return [
      audit('role-selected', active, roleName),
      ...older.flatMap((s) => this.end(s, 'logout')),
      { type: 'show', sessionId },
    ];
  }

  private authFailed(sessionId: string, reason: string): StationEffect[] {
    const session = this.get(sessionId);
    if (!session || (session.state !== 'authenticating' && session.state !== 'choosing-role')) return [];
    if (session.resuming) {
      // A failed resume leaves the suspended work exactly as it was.
      this.update(session, { state: 'suspended', resuming: false });
      return [audit('auth-failed', session, reason), { type: 'hide-all' }];
    }
    return [...this.end(session, 'auth-failed', reason), { type: 'hide-all' }];
  }

  private suspendFront(reason: SuspendReason): StationEffect[] {
    const front = this.front();
    return front ? this.leaveFront(front, reason) : [];
  }

  /** Takes the front session off screen: an unfinished sign-in is abandoned, an active one suspended. */
  private leaveFront(front: UserSession, reason: SuspendReason): StationEffect[] {
    if (front.state === 'authenticating' && front.resuming) {
      this.update(front, { state: 'suspended', resuming: false });
      return [{ type: 'cancel-sign-in', sessionId: front.id }, { type: 'hide-all' }];
    }
    if (front.state !== 'active') {
      return [{ type: 'cancel-sign-in', sessionId: front.id }, ...this.end(front, 'cancelled', reason), { type: 'hide-all' }];
    }
    const now = this.clock.now();
    this.update(front, { state: 'suspended', suspendedAt: now, suspendReason: reason });
    const effects: StationEffect[] = [
      { type: 'hide-all' },
      audit(reason === 'switch-user' ? 'switched-user' : 'locked', front, reason),
      { type: 'schedule-expiry', at: now + this.rules.suspendedTimeoutSeconds * 1000 },
    ];
    const over = this.suspended().length - this.rules.maxSuspendedUsers;
    for (const oldest of this.suspended().slice(0, Math.max(0, over))) {
      effects.push(...this.end(oldest, 'suspended-limit'));
    }
    return effects;
  }

  private expire(): StationEffect[] {
    const now = this.clock.now();
    const limit = this.rules.suspendedTimeoutSeconds * 1000;
    const effects: StationEffect[] = [];
    for (const s of this.suspended()) {
      if (now - (s.suspendedAt ?? now) >= limit) effects.push(...this.end(s, 'suspended-timeout'));
    }
    const next = this.suspended()[0];
    if (next?.suspendedAt !== undefined) effects.push({ type: 'schedule-expiry', at: next.suspendedAt + limit });
    return effects;
  }

  private end(session: UserSession, reason: EndReason, detail?: string): StationEffect[] {
    this.sessions = this.sessions.filter((s) => s.id !== session.id);
    return [
      audit('session-ended', session, detail ? `${reason}: ${detail}` : reason),
      { type: 'end', sessionId: session.id, userId: session.userId, reason },
    ];
  }

  private inFront(sessionId: string, state: UserSession['state']): UserSession | undefined {
    const front = this.front();
    return front?.id === sessionId && front.state === state ? front : undefined;
  }

  private update(session: UserSession, patch: Partial<UserSession>): void {
    this.sessions = this.sessions.map((s) => (s.id === session.id ? { ...s, ...patch } : s));
  }
}

function audit(event: string, s: UserSession, reason?: string): StationEffect {
  return { type: 'audit', event, sessionId: s.id, userId: s.userId, reason };
}
