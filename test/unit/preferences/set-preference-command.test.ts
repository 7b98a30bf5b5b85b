/** set-preference as the shell sends it: one exact shape per preference, nothing else through. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShellCommand } from '../../../main/core/shell-command.js';

test('each preference command passes through unchanged', () => {
  for (const command of [
    { type: 'set-preference', name: 'textSize', value: 'larger' },
    { type: 'set-preference', name: 'highContrast', value: true },
    { type: 'set-preference', name: 'tabOrder', appId: 'rx', move: 'left' },
  ]) {
    assert.deepEqual(parseShellCommand(command), { ok: true, command });
  }
});

test('other preferences, values or extra fields are refused', () => {
  for (const payload of [
    { type: 'set-preference' },
    { type: 'set-preference', name: 'lastRole', value: 'r1' },
    { type: 'set-preference', name: 'pin', value: '1234' },
    { type: 'set-preference', name: '__proto__', value: 'x' },
    { type: 'set-preference', name: 'textSize', value: 'huge' },
    { type: 'set-preference', name: 'textSize', value: true },
    { type: 'set-preference', name: 'highContrast', value: 'on' },
    { type: 'set-preference', name: 'highContrast', value: true, nhsNumber: '9434765919' },
    { type: 'set-preference', name: 'tabOrder', appId: 'rx', move: 'up' },
    { type: 'set-preference', name: 'tabOrder', appId: '', move: 'left' },
    { type: 'set-preference', name: 'tabOrder', move: 'left' },
  ]) {
    const result = parseShellCommand(payload);
    assert.equal(result.ok, false, JSON.stringify(payload));
  }
});
