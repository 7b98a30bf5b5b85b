/**
 * A session's tokens could not be renewed (token-refresh.ts). Policy `session.onRefreshFailure`
 * says what follows: `keep-working` leaves the apps on their own sign-ins and tells the user;
 * `lock` locks the station if that session is in front, so the card is asked for again. Either way
 * the audit log says so, with the provider's reason.
 */
import type { Policy } from '../../core/policy/types.js';
import type { Station } from '../../core/session/station.js';
import type { StationEvent } from '../../core/session/types.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { StationDeps } from './deps.js';
import { TokenRefresh } from './token-refresh.js';

export interface RefreshFailureContext {
  policy: Policy;
  station: Station;
  recorder: AuditRecorder;
  dispatch(event: StationEvent): void;
  say(kind: 'warning', text: string): void;
}

export const KEEP_WORKING_TEXT = 'Lanyard could not renew your sign-in. Your apps stay open on their own sign-ins; lock and sign in again with your card when you can.';
export const LOCKED_TEXT = 'Your sign-in could not be renewed, so Lanyard locked. Tap your card to carry on.';

export function refreshFailed(ctx: RefreshFailureContext, sessionId: string, error: unknown): void {
  const session = ctx.station.get(sessionId);
  if (!session) return; // ended meanwhile
  const action = ctx.policy.session.onRefreshFailure;
  const code = (error as { code?: unknown } | null)?.code;
  ctx.recorder.session(sessionId, 'token-refresh-failed', { reason: `${typeof code === 'string' ? code : 'error'}; ${action}` });
  const front = ctx.station.front();
  if (front?.id !== sessionId || front.state !== 'active') return;
  if (action === 'lock') {
    ctx.dispatch({ type: 'lock' });
    ctx.say('warning', LOCKED_TEXT);
  } else {
    ctx.say('warning', KEEP_WORKING_TEXT);
  }
}

/** The station's TokenRefresh: failures come back through the controller's queue (`post`). */
export function stationTokenRefresh(deps: StationDeps, ctx: Omit<RefreshFailureContext, 'policy'>, post: (step: () => void) => void): TokenRefresh {
  return new TokenRefresh(deps.clock, (id, error) => post(() => refreshFailed({ policy: deps.policy, ...ctx }, id, error)), deps.log.child('refresh'));
}
