/** Lock and Log out are confirmed from what main did (view.lastTransition), not guessed from the lock
 * screen: at the suspended-session limit a Lock ends the oldest kept session, so the list of kept
 * sessions does not grow, and the old guess said "Logged out". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Station } from '../../../main/core/session/station.js';
import type { StationRules } from '../../../main/core/session/types.js';
import { frontTransition } from '../../../main/core/shell-view-transition.js';
import type { ShellView } from '../../../main/core/shell-view.js';
import { announcement } from '../../../renderer/announce.js';
import { FakeClock } from '../../fixtures/fake-clock.js';

const rules: StationRules = { onCardRemoval: 'lock', onKeyRemoval: 'lock', resumeWith: 'any-method', pinGraceSeconds: 60, suspendedTimeoutSeconds: 3600, maxSuspendedUsers: 1 };

function signIn(station: Station, cardId: string, name: string): void {
  const begin = station.dispatch({ type: 'credential-presented', credential: { kind: 'card', cardId, certSha256: `cert-${cardId}` } });
  const start = begin.find((e) => e.type === 'begin-sign-in');
  assert.ok(start?.type === 'begin-sign-in');
  station.dispatch({ type: 'authenticated', sessionId: start.sessionId, userId: name, display: name });
  station.dispatch({ type: 'role-chosen', sessionId: start.sessionId, roleName: 'Doctor' });
}

/** What the shell gets: the active view before, the locked view main builds after the event. */
function views(station: Station, event: Parameters<Station['dispatch']>[0], keptBefore: string[]): { before: ShellView; after: ShellView } {
  const front = station.front();
  const transition = frontTransition(front, station.dispatch(event));
  const before = { screen: 'active', suspended: keptBefore, user: { display: front?.display } } as unknown as ShellView;
  const after = { screen: 'locked', suspended: station.suspended().map((s) => s.display), ...(transition ? { lastTransition: transition } : {}) } as unknown as ShellView;
  return { before, after };
}

test('Lock at the suspended-session limit is announced as Locked, though the oldest kept session was ended to make room', () => {
  const station = new Station(rules, new FakeClock());
  signIn(station, 'a', 'Dr Asha Patel');
  station.dispatch({ type: 'lock' });
  signIn(station, 'b', 'Sam Jones');
  const { before, after } = views(station, { type: 'lock' }, ['Dr Asha Patel']);
  assert.deepEqual(after.suspended, ['Sam Jones'], 'the limit ended Dr Patel\'s session: the list did not grow');
  assert.deepEqual(after.lastTransition, { kind: 'locked', who: 'Sam Jones' });
  assert.match(announcement(before, after) ?? '', /^Locked\. Sam Jones's apps are kept/);
});

test('Log out is announced as Logged out; nothing is said without a transition from main', () => {
  const station = new Station(rules, new FakeClock());
  signIn(station, 'a', 'Dr Asha Patel');
  const { before, after } = views(station, { type: 'logout' }, []);
  assert.deepEqual(after.lastTransition, { kind: 'logged-out', who: 'Dr Asha Patel' });
  assert.match(announcement(before, after) ?? '', /^Logged out\. Dr Asha Patel's apps were closed/);
  assert.equal(announcement(before, { ...after, lastTransition: undefined } as ShellView), undefined);
  assert.equal(announcement(after, after), undefined, 'nothing to say when nothing changed');
});

test('a pulled card (suspend) and the idle timer are Locked; an event that takes nobody off the screen is no transition', () => {
  const station = new Station(rules, new FakeClock());
  assert.equal(frontTransition(station.front(), station.dispatch({ type: 'lock' })), undefined);
  signIn(station, 'a', 'A');
  const front = station.front();
  assert.deepEqual(frontTransition(front, station.dispatch({ type: 'credential-removed', key: 'card:a' })), { kind: 'locked', who: 'A' });
});
