import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusToError } from '../../../main/auth/smartcard/piv/status-words.js';
import { pcscError } from '../../../main/auth/smartcard/pcsc-errors.js';

test('every status word maps to a named code', () => {
  const cases: [number, 'verify' | 'get-data', string, number?][] = [
    [0x63c2, 'verify', 'pin-wrong', 2],
    [0x63c1, 'verify', 'pin-wrong', 1],
    [0x63c0, 'verify', 'pin-blocked'],
    [0x6983, 'verify', 'pin-blocked'],
    [0x6982, 'get-data', 'security-status'],
    [0x6a82, 'get-data', 'file-not-found'],
    [0x6a80, 'get-data', 'wrong-parameters'],
    [0x6a86, 'get-data', 'wrong-parameters'],
    [0x6700, 'get-data', 'wrong-length'],
    [0x6c10, 'get-data', 'wrong-length'],
    [0x6d00, 'get-data', 'not-supported'],
    [0x6e00, 'get-data', 'not-supported'],
    [0x6985, 'get-data', 'conditions-not-satisfied'],
    [0x6581, 'get-data', 'card-failure'],
    [0x6f00, 'get-data', 'card-failure'],
    [0x63c2, 'get-data', 'unknown-status'],
    [0x9123, 'get-data', 'unknown-status'],
  ];
  for (const [sw, op, code, tries] of cases) {
    const err = statusToError(sw, op);
    assert.equal(err.code, code, sw.toString(16));
    assert.equal(err.statusWord, sw);
    if (tries !== undefined) assert.equal(err.triesLeft, tries);
    assert.ok(err.userMessage.length > 20);
  }
});

test('PC/SC errors from pcsclite map by their 0x8010xxxx code, keeping the cause', () => {
  const removedCard = new Error('SCardTransmit error: Card was removed.(0x80100069)');
  assert.equal(pcscError(removedCard, 'x').code, 'card-removed');
  assert.equal(pcscError(removedCard, 'x').cause, removedCard);
  assert.equal(pcscError(new Error('SCardEstablishContext error: Service not available.(0x8010001d)'), 'x').code, 'service-unavailable');
  assert.equal(pcscError(new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'), 'x').code, 'service-unavailable');
  assert.equal(pcscError(new Error('SCardConnect error: Sharing violation.(0x8010000b)'), 'x').code, 'card-busy');
  assert.equal(pcscError(new Error('SCardTransmit error: Card was reset.(0x80100068)'), 'x').code, 'card-reset');
  assert.equal(pcscError(new Error('something else'), 'x').code, 'transport');
});
