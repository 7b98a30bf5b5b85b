/**
 * What just happened to the session that was in front, read from the effects the station ran for one
 * event: the shell confirms Lock and Log out from this, never by guessing from the lock screen's list
 * (at the suspended-session limit a Lock ends the oldest session, so that list does not grow). Pure.
 */
import type { StationEffect, UserSession } from './session/types.js';
import type { ShellView } from './shell-view.js';

export type ShellTransition = NonNullable<ShellView['lastTransition']>;

/** Audit events the station writes when it suspends the session in front (station.ts SUSPEND_EVENT). */
const SUSPENDED = new Set(['suspended', 'idle-timeout', 'locked', 'switched-user']);

/** `front`: the session in front before the event. Undefined when the event did not take an active
 * session off the screen. */
export function frontTransition(front: UserSession | undefined, effects: readonly StationEffect[]): ShellTransition | undefined {
  if (front?.state !== 'active') return undefined;
  const who = front.display !== undefined ? { who: front.display } : {};
  if (effects.some((e) => e.type === 'end' && e.sessionId === front.id)) return { kind: 'logged-out', ...who };
  if (effects.some((e) => e.type === 'audit' && e.sessionId === front.id && SUSPENDED.has(e.event))) return { kind: 'locked', ...who };
  return undefined;
}
