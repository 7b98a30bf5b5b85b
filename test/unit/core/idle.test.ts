import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdleWatch } from '../../../main/core/session/idle.js';
import { FakeClock } from '../../fixtures/fake-clock.js';

function watch(timeout = 120, warning = 30) {
  const clock = new FakeClock();
  const log: string[] = [];
  const idle = new IdleWatch(clock, timeout, warning, {
    warn: (s) => log.push(`warn ${s}`), cancelled: () => log.push('cancelled'), timeout: () => log.push('timeout'),
  });
  return { clock, idle, log };
}

test('warns with a countdown before locking, then times out', () => {
  const { clock, idle, log } = watch();
  idle.activity();
  clock.advance(89_000);
  assert.deepEqual(log, []);
  clock.advance(1000);
  assert.deepEqual(log, ['warn 30']);
  clock.advance(2000);
  assert.deepEqual(log, ['warn 30', 'warn 29', 'warn 28']);
  clock.advance(28_000);
  assert.equal(log.at(-1), 'timeout');
  assert.equal(log.filter((l) => l === 'timeout').length, 1);
});

test('any input during the countdown cancels it and starts over', () => {
  const { clock, idle, log } = watch();
  idle.activity();
  clock.advance(100_000);
  assert.ok(log.includes('warn 20'));
  idle.activity();
  assert.equal(log.at(-1), 'cancelled');
  clock.advance(89_000);
  assert.equal(log.at(-1), 'cancelled');
  clock.advance(31_000);
  assert.equal(log.at(-1), 'timeout');
});

test('stop() silences it, and a zero timeout never locks', () => {
  const a = watch();
  a.idle.activity();
  a.idle.stop();
  a.clock.advance(1_000_000);
  assert.deepEqual(a.log, []);
  const b = watch(0, 0);
  b.idle.activity();
  b.clock.advance(1_000_000);
  assert.deepEqual(b.log, []);
});
