import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShellCommand } from '../../../main/core/shell-command.js';

test('well-formed commands pass through unchanged', () => {
  for (const command of [
    { type: 'ready' },
    { type: 'submit-pin', pin: '123456' },
    { type: 'choose-role', roleId: 'R8000' },
    { type: 'select-tab', appId: 'epr' },
    { type: 'logout' },
    { type: 'demo-touch', keyId: 'k1' },
  ]) {
    assert.deepEqual(parseShellCommand(command), { ok: true, command });
  }
});

test('wrong shapes are refused', () => {
  for (const payload of [
    null, 'lock', 42, [], {}, { type: 'open-devtools' }, { type: '__proto__' },
    { type: 'submit-pin' }, { type: 'submit-pin', pin: 1234 }, { type: 'submit-pin', pin: '' },
    { type: 'submit-pin', pin: 'x'.repeat(257) },
    { type: 'lock', extra: true }, { type: 'select-tab', appId: 'epr', url: 'https://evil.example' },
  ]) {
    assert.equal(parseShellCommand(payload).ok, false, JSON.stringify(payload));
  }
});

test('a refusal never quotes the PIN', () => {
  const check = parseShellCommand({ type: 'submit-pin', pin: '987654', extra: 1 });
  assert.equal(check.ok, false);
  assert.ok(!check.ok && !check.reason.includes('987654'));
});
