/** Pure parts of the shell's screens: which messages a screen shows, and what is announced. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildView, type ViewInput } from '../../../main/app/view.js';
import { validatePolicy } from '../../../main/core/policy/validate.js';
import type { Policy } from '../../../main/core/policy/types.js';
import type { ShellView } from '../../../main/core/shell-view.js';
import { announcement } from '../../../renderer/announce.js';
import { minimalPolicy } from '../policy/helpers.js';

const checked = validatePolicy(minimalPolicy());
if (!checked.ok) throw new Error('fixture policy is invalid');
const policy: Policy = checked.policy;

function lockedView(message: ViewInput['message'], demoCards?: ViewInput['demoCards']): ShellView {
  return buildView({
    policy, front: undefined, suspended: [], pending: undefined, live: undefined, message, idleSeconds: undefined,
    cardService: 'ok', demoCards, offer: undefined, demoKeys: undefined, fido: undefined,
  });
}

test("a session's message never reaches the lock screen; a station's does; an unscoped one shows anywhere", () => {
  assert.equal(lockedView({ kind: 'info', text: 'Fingerprint key enrolled.', scope: 'session' }).message, undefined);
  assert.equal(lockedView({ kind: 'error', text: 'The sign-in service cannot be reached.', scope: 'station' }).message?.text, 'The sign-in service cannot be reached.');
  assert.equal(lockedView({ kind: 'warning', text: 'Keychain notice' }).message?.text, 'Keychain notice');
});

test('the lock screen knows a card is still in the reader', () => {
  assert.equal(lockedView(undefined, [{ id: 'a', label: 'A', inserted: true }]).cardInReader, true);
  assert.equal(lockedView(undefined, [{ id: 'a', label: 'A', inserted: false }]).cardInReader, undefined);
});

test('Lock and Log out are announced from the transition main ran, whatever caused them', () => {
  const active = { screen: 'active', suspended: [], user: { display: 'Dr Asha Patel' } } as unknown as ShellView;
  const locked = (kind: 'locked' | 'logged-out') => ({ screen: 'locked', suspended: [], lastTransition: { kind } } as unknown as ShellView);
  assert.match(announcement(active, locked('locked')) ?? '', /^Locked\. Dr Asha Patel's apps are kept/);
  assert.match(announcement(active, locked('logged-out')) ?? '', /^Logged out\./);
  assert.equal(announcement(locked('locked'), locked('locked')), undefined, 'nothing to say when nothing changed');
  assert.equal(announcement(null, locked('locked')), undefined);
});

test('the lock screen carries the last transition; other screens do not', () => {
  const transition = { kind: 'locked' as const, who: 'A' };
  const input = { policy, front: undefined, suspended: [], pending: undefined, live: undefined, message: undefined, idleSeconds: undefined,
    cardService: 'ok' as const, demoCards: undefined, offer: undefined, demoKeys: undefined, fido: undefined, transition };
  assert.deepEqual(buildView(input).lastTransition, transition);
  const signingIn = buildView({ ...input, front: { id: 's', state: 'authenticating' } as ViewInput['front'], pending: { phase: 'signing-in', triesLeft: null } });
  assert.notEqual(signingIn.screen, 'locked');
  assert.equal(signingIn.lastTransition, undefined);
});
