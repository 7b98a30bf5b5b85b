import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from '../../../main/core/policy/validate.js';
import { minimalPolicy } from './helpers.js';

test('context defaults are off and strict', () => {
  const r = validatePolicy(minimalPolicy());
  assert.ok(r.ok);
  if (r.ok) assert.deepEqual(r.policy.context, { enabled: false, ackTimeoutSeconds: 10, appsMayChangeContext: true });
});

test('context.apps must name OIDC apps of the policy; timeouts are bounded', () => {
  const p = minimalPolicy();
  p.context = { enabled: true, apps: ['epr', 'missing'], ackTimeoutSeconds: 5 };
  const r = validatePolicy(p);
  assert.ok(!r.ok);
  if (!r.ok) assert.deepEqual(r.problems.map((x) => x.path), ['context.apps[1]']);
  const q = minimalPolicy();
  q.context = { ackTimeoutSeconds: 0 };
  assert.equal(validatePolicy(q).ok, false);
  const f = minimalPolicy();
  f.context = { enabled: true, apps: ['epr'], appsMayChangeContext: false, extra: 1 };
  assert.equal(validatePolicy(f).ok, false);
});
