import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CardError, isCardError } from '../../../main/core/card-error.js';

test('wrong PIN says how many tries are left', () => {
  const err = new CardError('pin-wrong', { triesLeft: 2, statusWord: 0x63c2 });
  assert.equal(err.userMessage, 'Wrong PIN: 2 tries left before the card locks.');
  assert.equal(err.triesLeft, 2);
  assert.match(err.message, /pin-wrong.*63C2/);
  assert.match(new CardError('pin-wrong', { triesLeft: 1 }).userMessage, /1 try left/);
});

test('blocked card names the unlock route', () => {
  assert.match(new CardError('pin-blocked').userMessage, /registration authority or IT service desk to unlock/);
});

test('keeps the cause and narrows by code', () => {
  const cause = new Error('SCardTransmit failed');
  const err = new CardError('transport', { cause });
  assert.equal(err.cause, cause);
  assert.ok(err instanceof Error);
  assert.ok(isCardError(err, 'transport'));
  assert.ok(!isCardError(err, 'pin-wrong'));
  assert.ok(!isCardError(cause));
});
