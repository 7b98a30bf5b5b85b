import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Station } from '../../../main/core/session/station.js';
import type { StationEffect, StationRules } from '../../../main/core/session/types.js';
import { credentialKey, type CredentialBinding } from '../../../main/core/session/binding.js';
import { FakeClock } from '../../fixtures/fake-clock.js';

/** A card with a Card Authentication key (slot 9E), unless `cardAuth` is false. */
const card = (id: string, cardAuth = true): CredentialBinding => ({
  kind: 'card', cardId: id, certSha256: `cert-${id}`, ...(cardAuth ? { cardAuthSha256: `9e-${id}` } : {}),
});
const fido = (id: string): CredentialBinding => ({ kind: 'fido', credentialId: id });

const rules: StationRules = { onCardRemoval: 'lock', onKeyRemoval: 'lock', resumeWith: 'any-method', pinGraceSeconds: 60, suspendedTimeoutSeconds: 3600, maxSuspendedUsers: 2 };

function setup(overrides: Partial<StationRules> = {}) {
  const clock = new FakeClock();
  const station = new Station({ ...rules, ...overrides }, clock);
  return { clock, station };
}

const kinds = (effects: StationEffect[]) => effects.filter((e) => e.type !== 'audit').map((e) => e.type);
const audits = (effects: StationEffect[]) => effects.flatMap((e) => (e.type === 'audit' ? [e.event] : []));

/** Signs a card all the way in and returns its session id. */
function signIn(station: Station, cardId: string, userId: string): string {
  const begin = station.dispatch({ type: 'credential-presented', credential: card(cardId) });
  const start = begin.find((e) => e.type === 'begin-sign-in');
  assert.ok(start && start.type === 'begin-sign-in');
  station.dispatch({ type: 'authenticated', sessionId: start.sessionId, userId, display: userId });
  const shown = station.dispatch({ type: 'role-chosen', sessionId: start.sessionId, roleName: 'Doctor' });
  assert.deepEqual(kinds(shown), ['show']);
  return start.sessionId;
}

test('a tap starts a sign-in, then role choice makes the session active and shows it', () => {
  const { station } = setup();
  const id = signIn(station, 'card-a', 'A');
  assert.equal(station.front()?.id, id);
  assert.equal(station.front()?.state, 'active');
});

test('pulling the card suspends and hides at once; the same card within the grace resumes by its PIN-less key', () => {
  const { station, clock } = setup();
  const id = signIn(station, 'card-a', 'A');
  const pulled = station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  assert.equal(kinds(pulled)[0], 'hide-all');
  assert.deepEqual(audits(pulled), ['suspended']);
  assert.equal(station.get(id)?.state, 'suspended');
  assert.equal(station.front(), undefined);
  clock.advance(30_000);
  const back = station.dispatch({ type: 'credential-presented', credential: card('card-a') });
  assert.deepEqual(back.flatMap((e) => (e.type === 'reauthenticate' ? [e.proof] : [])), ['card-key']);
  assert.deepEqual(kinds(station.dispatch({ type: 'authenticated', sessionId: id, userId: 'A', display: 'A' })), ['show']);
  assert.equal(station.get(id)?.state, 'active');
});

test('a card without a Card Authentication key needs its PIN even within the grace', () => {
  const { station } = setup();
  const begin = station.dispatch({ type: 'credential-presented', credential: card('card-x', false) });
  const start = begin.find((e) => e.type === 'begin-sign-in');
  assert.ok(start && start.type === 'begin-sign-in');
  station.dispatch({ type: 'authenticated', sessionId: start.sessionId, userId: 'X', display: 'X' });
  station.dispatch({ type: 'role-chosen', sessionId: start.sessionId, roleName: 'Doctor' });
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-x', false)) });
  const back = station.dispatch({ type: 'credential-presented', credential: card('card-x', false) });
  assert.deepEqual(back.flatMap((e) => (e.type === 'reauthenticate' ? [e.proof] : [])), ['pin']);
});

test('a copy of a card (same ID, other certificate) is refused and changes nothing', () => {
  const { station } = setup();
  const id = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  const copy: CredentialBinding = { kind: 'card', cardId: 'card-a', certSha256: 'cert-card-a', cardAuthSha256: 'forged' };
  assert.deepEqual(kinds(station.dispatch({ type: 'credential-presented', credential: copy })), ['refused']);
  assert.equal(station.get(id)?.state, 'suspended');
});

test('after the grace period the same card must re-enter the PIN, and a failed resume keeps the work', () => {
  const { station, clock } = setup();
  const id = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  clock.advance(61_000);
  const back = station.dispatch({ type: 'credential-presented', credential: card('card-a') });
  assert.deepEqual(kinds(back), ['reauthenticate']);
  const failed = station.dispatch({ type: 'auth-failed', sessionId: id, reason: 'pin-blocked' });
  assert.ok(!kinds(failed).includes('end'), 'a failed resume must not end the session');
  assert.equal(station.get(id)?.state, 'suspended');
  station.dispatch({ type: 'credential-presented', credential: card('card-a') });
  assert.deepEqual(kinds(station.dispatch({ type: 'authenticated', sessionId: id, userId: 'A', display: 'A' })), ['show']);
  assert.equal(station.get(id)?.state, 'active');
});

test("another user's tap suspends the first user and starts a separate session", () => {
  const { station } = setup();
  const a = signIn(station, 'card-a', 'A');
  const tap = station.dispatch({ type: 'credential-presented', credential: card('card-b') });
  assert.deepEqual(kinds(tap), ['hide-all', 'begin-sign-in']);
  assert.deepEqual(audits(tap), ['switched-user', 'auth-started']);
  const b = tap.find((e) => e.type === 'begin-sign-in');
  assert.ok(b && b.type === 'begin-sign-in' && b.sessionId !== a);
  assert.equal(station.get(a)?.state, 'suspended');
});

test('idle timeout and Lock now suspend; logout ends and hides', () => {
  const { station } = setup();
  const a = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'idle-timeout' });
  assert.equal(station.get(a)?.suspendReason, 'idle');
  station.dispatch({ type: 'credential-presented', credential: card('card-a') });
  station.dispatch({ type: 'authenticated', sessionId: a, userId: 'A', display: 'A' });
  station.dispatch({ type: 'lock' });
  assert.equal(station.get(a)?.suspendReason, 'lock');
  station.dispatch({ type: 'credential-presented', credential: card('card-a') });
  station.dispatch({ type: 'authenticated', sessionId: a, userId: 'A', display: 'A' });
  const out = station.dispatch({ type: 'logout' });
  assert.deepEqual(kinds(out), ['hide-all', 'end'], 'hidden before it is torn down');
  assert.equal(station.get(a), undefined);
});

test('policy "logout" on card removal ends the session instead of suspending it', () => {
  const { station } = setup({ onCardRemoval: 'logout' });
  signIn(station, 'card-a', 'A');
  const pulled = station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  assert.deepEqual(kinds(pulled), ['hide-all', 'end']);
  assert.equal(station.suspended().length, 0);
});

test('a card pulled during sign-in abandons it without touching suspended users', () => {
  const { station } = setup();
  const a = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  const tap = station.dispatch({ type: 'credential-presented', credential: card('card-b') });
  const b = tap.find((e) => e.type === 'begin-sign-in');
  assert.ok(b && b.type === 'begin-sign-in');
  const pulled = station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-b')) });
  assert.deepEqual(kinds(pulled), ['hide-all', 'cancel-sign-in', 'end']);
  assert.equal(station.get(a)?.state, 'suspended');
});

test('suspended sessions expire after their time, and the limit ends the oldest first', () => {
  const { station, clock } = setup({ maxSuspendedUsers: 2, suspendedTimeoutSeconds: 600 });
  const a = signIn(station, 'card-a', 'A');
  clock.advance(1000);
  const b = signIn(station, 'card-b', 'B'); // suspends A
  clock.advance(1000);
  signIn(station, 'card-c', 'C'); // suspends B
  clock.advance(1000);
  const limit = station.dispatch({ type: 'credential-presented', credential: card('card-d') }); // suspends C: 3 > 2
  const ended = limit.flatMap((e) => (e.type === 'end' ? [e.sessionId] : []));
  assert.deepEqual(ended, [a]);
  assert.equal(station.get(b)?.state, 'suspended');
  clock.advance(600_000);
  const expired = station.dispatch({ type: 'expire' });
  assert.deepEqual(expired.flatMap((e) => (e.type === 'end' ? [e.reason] : [])), ['suspended-timeout', 'suspended-timeout']);
  assert.equal(station.suspended().length, 0);
});

for (const [name, jump] of [['forwards', 120_000], ['backwards', -120_000]] as const) {
  test(`a clock jump ${name} never lets a re-tap skip the PIN`, () => {
    const { station, clock } = setup();
    signIn(station, 'card-a', 'A');
    station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
    clock.jump(jump);
    const back = station.dispatch({ type: 'credential-presented', credential: card('card-a') });
    assert.deepEqual(kinds(back), ['reauthenticate']);
  });
}

test('the same person signing in by another credential gets their suspended session back', () => {
  const { station } = setup();
  const old = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  const touch = station.dispatch({ type: 'credential-presented', credential: fido('key-a') });
  const fresh = touch.find((e) => e.type === 'begin-sign-in');
  assert.ok(fresh && fresh.type === 'begin-sign-in');
  const back = station.dispatch({ type: 'authenticated', sessionId: fresh.sessionId, userId: 'A', display: 'A' });
  assert.deepEqual(kinds(back), ['cancel-sign-in', 'end', 'show']);
  assert.deepEqual(back.flatMap((e) => (e.type === 'show' ? [e.sessionId] : e.type === 'end' ? [e.reason] : [])), ['merged', old]);
  assert.equal(station.get(old)?.state, 'active');
  assert.equal(station.get(fresh.sessionId), undefined);
});

test("with resumeWith 'same-method' a fresh sign-in by another method ends the person's older session", () => {
  const { station } = setup({ resumeWith: 'same-method' });
  const old = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  const tap = station.dispatch({ type: 'credential-presented', credential: card('card-a2') });
  const fresh = tap.find((e) => e.type === 'begin-sign-in');
  assert.ok(fresh && fresh.type === 'begin-sign-in');
  station.dispatch({ type: 'authenticated', sessionId: fresh.sessionId, userId: 'A', display: 'A' });
  const chosen = station.dispatch({ type: 'role-chosen', sessionId: fresh.sessionId, roleName: 'Doctor' });
  assert.deepEqual(chosen.flatMap((e) => (e.type === 'end' ? [e.sessionId] : [])), [old]);
});

test('pulling a fingerprint key follows onKeyRemoval, separately from cards', () => {
  for (const [action, expected] of [['lock', 'suspended'], ['logout', undefined], ['nothing', 'active']] as const) {
    const { station } = setup({ onKeyRemoval: action, onCardRemoval: 'logout' });
    const begin = station.dispatch({ type: 'credential-presented', credential: fido('k') });
    const start = begin.find((e) => e.type === 'begin-sign-in');
    assert.ok(start && start.type === 'begin-sign-in');
    station.dispatch({ type: 'authenticated', sessionId: start.sessionId, userId: 'A', display: 'A' });
    station.dispatch({ type: 'role-chosen', sessionId: start.sessionId, roleName: 'Doctor' });
    station.dispatch({ type: 'credential-removed', key: credentialKey(fido('k')) });
    assert.equal(station.get(start.sessionId)?.state, expected, action);
  }
});

test('a card session resumed by the same person\'s key locks when that key is pulled', () => {
  const { station } = setup({ resumeWith: 'any-method' });
  const old = signIn(station, 'card-a', 'A');
  station.dispatch({ type: 'credential-removed', key: credentialKey(card('card-a')) });
  const touch = station.dispatch({ type: 'credential-presented', credential: fido('k-a') });
  const fresh = touch.find((e) => e.type === 'begin-sign-in');
  assert.ok(fresh && fresh.type === 'begin-sign-in');
  station.dispatch({ type: 'authenticated', sessionId: fresh.sessionId, userId: 'A', display: 'A' });
  assert.equal(station.get(old)?.state, 'active');
  const pulled = station.dispatch({ type: 'credential-removed', key: credentialKey(fido('k-a')) });
  assert.equal(kinds(pulled)[0], 'hide-all');
  assert.equal(station.get(old)?.state, 'suspended');
});
