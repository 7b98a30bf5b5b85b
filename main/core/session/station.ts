/**
 * The session state machine of one shared workstation: the one source of truth for who is signed
 * in. Pure: events in, effects out, time from the Clock. At most one session is in front
 * (authenticating, choosing-role or active); any number of others are suspended, hidden but alive,
 * until their owner comes back or their own deadline passes.
 *
 *   locked ─tap→ authenticating ─PIN+IdP→ choosing-role ─role→ active
 *   active ─pull/idle/lock/other tap→ suspended ─same credential→ active (a proof first when the
 *   binding asks for one) ;  active/suspended ─logout/deadline/limit→ ended
 */
import type { AuditEventName } from '../ports/audit.js';
import type { Clock } from '../ports/clock.js';
import { credentialKey, matchHolder, methodOf, resumeProof, type CredentialBinding } from './binding.js';
import type {
  EndReason, StationEffect, StationEvent, StationRules, SuspendReason, UserSession,
} from './types.js';

const SUSPEND_EVENT: Record<SuspendReason, AuditEventName> = {
  'card-removed': 'suspended', idle: 'idle-timeout', lock: 'locked', 'switch-user': 'switched-user',
};

export class Station {
  private sessions: UserSession[] = [];
  private nextId = 1;

  constructor(private readonly rules: StationRules, private readonly clock: Clock) {}

  /** The session in front, if any (not suspended, not ended). */
  front(): UserSession | undefined {
    return this.sessions.find((s) => s.state !== 'suspended' && s.state !== 'ended');
  }

  /** Suspended sessions, oldest first. */
  suspended(): UserSession[] {
    return this.sessions.filter((s) => s.state === 'suspended')
      .sort((a, b) => (a.suspendedAt ?? 0) - (b.suspendedAt ?? 0));
  }

  get(sessionId: string): UserSession | undefined {
    return this.sessions.find((s) => s.id === sessionId);
  }

  /** The earliest deadline of a suspended session: when the next 'expire' is due. */
  nextDeadline(): number | undefined {
    const deadlines = this.suspended().flatMap((s) => (s.deadline === undefined ? [] : [s.deadline]));
    return deadlines.length ? Math.min(...deadlines) : undefined;
  }

  dispatch(event: StationEvent): StationEffect[] {
    switch (event.type) {
      case 'credential-presented': return this.presented(event.credential);
      case 'credential-removed': return this.removed(event.key);
      case 'authenticated': return this.authenticated(event.sessionId, event.userId, event.display);
      case 'role-chosen': return this.roleChosen(event.sessionId, event.roleName);
      case 'auth-failed': return this.authFailed(event.sessionId, event.reason);
      case 'lock': return this.suspendFront('lock');
      case 'idle-timeout': return this.suspendFront('idle');
      case 'logout': {
        // Off the screen first, then cleared: nothing of the user stays visible while it is torn down.
        const front = this.front();
        if (!front) return [];
        if (front.state !== 'active') return this.leaveFront(front, 'lock');
        return [{ type: 'hide-all' }, audit('logout', front), ...this.end(front, 'logout')];
      }
      case 'expire': return this.expire();
      case 'shutdown': return [{ type: 'hide-all' }, ...this.front() ? [{ type: 'cancel-sign-in' as const, sessionId: this.front()!.id }] : [],
        ...this.sessions.flatMap((s) => this.end(s, 'shutdown'))];
    }
  }

  private presented(credential: CredentialBinding): StationEffect[] {
    const key = credentialKey(credential);
    const front = this.front();
    if (front && credentialKey(front.binding) === key) return []; // the same card seen twice: nothing to do

    const waiting = this.sessions.find((s) => s.state === 'suspended' && credentialKey(s.binding) === key);
    if (waiting && matchHolder(waiting.binding, credential) === 'impostor') {
      // Same card ID, different certificate: a copied or re-issued card never resumes someone's work,
      // and the person in front (if any) is left as they were.
      return [audit('refused', waiting, 'card ID matches a suspended session but a certificate does not'),
        { type: 'refused', sessionId: waiting.id, reason: 'certificate-mismatch' }];
    }

    const effects: StationEffect[] = front ? this.leaveFront(front, 'switch-user') : [];
    if (waiting) {
      // A clock that went backwards never counts as "within the grace".
      const elapsed = this.clock.now() - (waiting.suspendedAt ?? 0);
      const withinGrace = elapsed >= 0 && elapsed <= this.rules.pinGraceSeconds * 1000;
      const proof = resumeProof(waiting.binding, credential, withinGrace);
      if (proof === 'verified') {
        this.resume(waiting);
        effects.push(audit('resumed', this.get(waiting.id)!, 'fingerprint verified'), { type: 'show', sessionId: waiting.id });
      } else {
        this.update(waiting, { state: 'authenticating', resuming: true });
        effects.push(audit('auth-started', waiting, proof === 'pin' ? 'resume with PIN' : 'resume within PIN grace'),
          { type: 'reauthenticate', sessionId: waiting.id, proof });
      }
      return effects;
    }

    const session: UserSession = {
      id: `user-${this.nextId++}`, binding: credential, method: methodOf(credential), state: 'authenticating',
      resuming: false, startedAt: this.clock.now(),
    };
    this.sessions.push(session);
    effects.push(audit('auth-started', session), { type: 'begin-sign-in', sessionId: session.id, credential });
    return effects;
  }

  private removed(key: string): StationEffect[] {
    const front = this.front();
    if (!front || (credentialKey(front.binding) !== key && front.presentedWith !== key)) return [];
    const pulledKey = key.startsWith('fido:');
    const action = pulledKey ? this.rules.onKeyRemoval : this.rules.onCardRemoval;
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
      this.resume(session);
      return [audit('resumed', this.get(sessionId)!, 'proof accepted'), { type: 'show', sessionId }];
    }
    const waiting = this.sessions.find((s) => s.state === 'suspended' && s.userId === userId);
    if (waiting && this.rules.resumeWith === 'any-method') {
      // The same person by another card or their key: their suspended work comes back, and the
      // sign-in that proved who they are is not kept as a second session (what it redeemed is released).
      this.sessions = this.sessions.filter((s) => s.id !== sessionId);
      this.resume(waiting);
      this.update(waiting, { presentedWith: credentialKey(session.binding) });
      return [
        audit('auth-succeeded', { ...session, userId }),
        { type: 'cancel-sign-in', sessionId },
        { type: 'end', sessionId, userId, reason: 'merged' },
        audit('resumed', this.get(waiting.id)!, `signed in again by ${session.method}`),
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
      ...older.flatMap((s) => this.end(s, 'logout', 'signed in again')),
      { type: 'show', sessionId },
    ];
  }

  private authFailed(sessionId: string, reason: string): StationEffect[] {
    const session = this.get(sessionId);
    if (!session || (session.state !== 'authenticating' && session.state !== 'choosing-role')) return [];
    const inFront = this.front()?.id === sessionId;
    if (session.resuming) {
      // A failed resume leaves the suspended work exactly as it was, deadline included.
      this.update(session, { state: 'suspended', resuming: false });
      return [audit('auth-failed', session, reason), ...(inFront ? [{ type: 'hide-all' } as const] : [])];
    }
    return [...this.end(session, 'auth-failed', reason), ...(inFront ? [{ type: 'hide-all' } as const] : [])];
  }

  private suspendFront(reason: SuspendReason): StationEffect[] {
    const front = this.front();
    return front ? this.leaveFront(front, reason) : [];
  }

  /** Takes the front session off screen: an unfinished sign-in is abandoned, an active one suspended. */
  private leaveFront(front: UserSession, reason: SuspendReason): StationEffect[] {
    if (front.state === 'authenticating' && front.resuming) {
      this.update(front, { state: 'suspended', resuming: false });
      return [{ type: 'hide-all' }, { type: 'cancel-sign-in', sessionId: front.id }, audit('auth-failed', front, `resume abandoned: ${reason}`)];
    }
    if (front.state !== 'active') {
      return [{ type: 'hide-all' }, { type: 'cancel-sign-in', sessionId: front.id }, ...this.end(front, 'cancelled', reason)];
    }
    const now = this.clock.now();
    this.update(front, {
      state: 'suspended', suspendedAt: now, deadline: now + this.rules.suspendedTimeoutSeconds * 1000, suspendReason: reason,
    });
    const effects: StationEffect[] = [{ type: 'hide-all' }, audit(SUSPEND_EVENT[reason], this.get(front.id)!, reason)];
    const over = this.suspended().length - this.rules.maxSuspendedUsers;
    for (const oldest of this.suspended().slice(0, Math.max(0, over))) {
      effects.push(...this.end(oldest, 'suspended-limit'));
    }
    return effects;
  }

  private expire(): StationEffect[] {
    const now = this.clock.now();
    return this.suspended().filter((s) => s.deadline !== undefined && now >= s.deadline)
      .flatMap((s) => this.end(s, 'suspended-timeout'));
  }

  private resume(session: UserSession): void {
    this.update(session, { state: 'active', resuming: false, suspendedAt: undefined, deadline: undefined, suspendReason: undefined, presentedWith: undefined });
  }

  private end(session: UserSession, reason: EndReason, detail?: string): StationEffect[] {
    this.sessions = this.sessions.filter((s) => s.id !== session.id);
    return [
      audit('session-ended', session, detail ? `${reason}: ${detail}` : reason),
      { type: 'end', sessionId: session.id, ...(session.userId ? { userId: session.userId } : {}), reason },
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

/** An audit line about a session carries that session's own user, role and method. */
function audit(event: AuditEventName, s: UserSession, reason?: string): StationEffect {
  return {
    type: 'audit', event, sessionId: s.id, method: s.method,
    ...(s.userId ? { userId: s.userId } : {}), ...(s.roleName ? { role: s.roleName } : {}), ...(reason ? { reason } : {}),
  };
}
