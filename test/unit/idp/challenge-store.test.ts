import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChallengeStore } from '../../../main/idp/challenge-store.js';
import { SignInRefused } from '../../../main/idp/refusals.js';

function store() {
  let now = 1_000_000;
  const s = new ChallengeStore('http://127.0.0.1:1', 60_000, () => now);
  return { s, advance: (ms: number) => { now += ms; } };
}

const refused = (code: string) => (e: unknown) => e instanceof SignInRefused && e.code === code;

test('a challenge is fresh, names the provider, and is spent once', () => {
  const { s } = store();
  const a = s.issue('uid-1', 'smartcard');
  const b = s.issue('uid-1', 'smartcard');
  assert.notEqual(a.nonce, b.nonce);
  assert.match(new TextDecoder().decode(a.bytes), /^lanyard-sign-in:smartcard:http:\/\/127\.0\.0\.1:1:/);
  assert.deepEqual(s.spend(a.nonce, 'uid-1'), a.bytes);
  assert.throws(() => s.spend(a.nonce, 'uid-1'), refused('replayed-nonce'));
});

test('expired, unknown, or foreign challenges are stale', () => {
  const { s, advance } = store();
  const a = s.issue('uid-1', 'smartcard');
  advance(60_001);
  assert.throws(() => s.spend(a.nonce, 'uid-1'), refused('stale-nonce'));
  assert.throws(() => s.spend('never-issued', 'uid-1'), refused('stale-nonce'));
  const b = s.issue('uid-1', 'smartcard');
  assert.throws(() => s.spend(b.nonce, 'uid-2'), refused('stale-nonce'));
  assert.throws(() => s.spend(b.nonce, 'uid-1'), refused('replayed-nonce'), 'a wrong-interaction attempt burns it');
});
