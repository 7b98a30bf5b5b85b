/** The preferences store on conf, with real files in a temporary folder: what is set is read back
 * (also by a new store on the same folder), policy-fixed settings are refused and reported, only
 * schema-checked keys are accepted, and a garbage file is moved aside, audited and never fatal. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreferencesStore } from '../../../main/app/preferences-store.js';
import { PreferenceError, type PreferencePatch } from '../../../main/core/ports/preferences.js';
import type { PreferencesPolicy } from '../../../main/core/policy/types.js';
import type { AuditEvent } from '../../../main/core/ports/audit.js';
import type { Log } from '../../../main/core/ports/log.js';

const USER = '100000000001';
const OTHER = '100000000002';

function harness(policy: PreferencesPolicy = {}, dir = mkdtempSync(join(tmpdir(), 'lanyard-prefs-'))) {
  const audit: AuditEvent[] = [];
  const warnings: { msg: string; fields: unknown }[] = [];
  const log: Log = {
    traffic() {}, debug() {}, info() {}, error(msg, fields) { warnings.push({ msg, fields }); },
    warn(msg, fields) { warnings.push({ msg, fields }); }, child() { return log; },
  };
  const store = new PreferencesStore({ dir, policy, log, audit: { record: (e) => { audit.push(e); } }, now: () => new Date('2026-03-01T08:00:00.000Z') });
  return { dir, store, audit, warnings, file: join(dir, 'preferences.json'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function refused(fn: () => unknown, code: PreferenceError['code']): void {
  assert.throws(fn, (e: unknown) => e instanceof PreferenceError && e.code === code);
}

test('defaults for a user never seen; what is set is read back, per user, by a new store too', (t) => {
  const h = harness();
  t.after(h.cleanup);
  assert.deepEqual(h.store.get(USER), { values: { textSize: 'normal', highContrast: false, tabOrder: [] }, fixed: [] });
  const after = h.store.set(USER, { textSize: 'larger', lastRole: '555123456789', tabOrder: ['rx', 'epr'] });
  assert.deepEqual(after.values, { textSize: 'larger', highContrast: false, tabOrder: ['rx', 'epr'], lastRole: '555123456789' });
  h.store.set(USER, { highContrast: true });
  assert.equal(h.store.get(OTHER).values.textSize, 'normal');
  const again = harness({}, h.dir).store;
  assert.deepEqual(again.get(USER).values, { textSize: 'larger', highContrast: true, tabOrder: ['rx', 'epr'], lastRole: '555123456789' });
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(h.file, 'utf8')) as object), ['users']);
});

test('a setting policy fixes: policy value wins, it is reported fixed, and a set for it is refused with nothing stored', (t) => {
  const h = harness({ textSize: 'large', highContrast: true });
  t.after(h.cleanup);
  assert.deepEqual(h.store.get(USER), { values: { textSize: 'large', highContrast: true, tabOrder: [] }, fixed: ['textSize', 'highContrast'] });
  refused(() => h.store.set(USER, { textSize: 'normal' }), 'fixed-by-policy');
  // A patch with one fixed field stores none of it.
  refused(() => h.store.set(USER, { lastRole: 'r1', highContrast: false }), 'fixed-by-policy');
  assert.equal(h.store.get(USER).values.lastRole, undefined);
  // What a user chose before IT fixed it stays in the file but is not in effect.
  const free = harness({}, h.dir);
  free.store.set(USER, { textSize: 'normal', tabOrder: ['rx'] });
  assert.equal(h.store.get(USER).values.textSize, 'large');
  const asListed = harness({ tabOrder: 'as-listed' }, h.dir);
  assert.deepEqual(asListed.store.get(USER).values.tabOrder, []);
  refused(() => asListed.store.set(USER, { tabOrder: ['epr'] }), 'fixed-by-policy');
});

test('only schema-checked preference keys and values are accepted: no secret, no patient detail', (t) => {
  const h = harness();
  t.after(h.cleanup);
  const smuggle = (patch: Record<string, unknown>) => h.store.set(USER, patch as PreferencePatch);
  refused(() => smuggle({ pin: '123456' }), 'not-a-preference');
  refused(() => smuggle({ refreshToken: 'rt-secret' }), 'not-a-preference');
  refused(() => smuggle({ nhsNumber: '9434765919' }), 'not-a-preference');
  refused(() => smuggle({ textSize: 'huge' }), 'invalid-value');
  refused(() => smuggle({ highContrast: 'yes' }), 'invalid-value');
  refused(() => smuggle({ lastRole: 'Patient: Jane Smith, 9434765919' }), 'invalid-value');
  refused(() => smuggle({ tabOrder: ['https://evil.example/?nhs=9434765919'] }), 'invalid-value');
  refused(() => smuggle({ tabOrder: ['epr', 'epr'] }), 'invalid-value');
  refused(() => h.store.set('../../etc/passwd', { textSize: 'large' }), 'invalid-value');
  h.store.set(USER, { textSize: 'large' });
  const text = readFileSync(h.file, 'utf8');
  for (const leaked of ['123456', 'rt-secret', '9434765919', 'huge', 'passwd']) assert.ok(!text.includes(leaked), leaked);
});

test('a garbage file is moved aside (audited and logged), everyone gets the defaults, and the next set works', (t) => {
  const h = harness();
  t.after(h.cleanup);
  writeFileSync(h.file, '{"users": {"100000000001": {"textSize": "lar');
  assert.deepEqual(h.store.get(USER).values, { textSize: 'normal', highContrast: false, tabOrder: [] });
  const aside = readdirSync(h.dir).filter((f) => f.startsWith('preferences.json.corrupt-'));
  assert.deepEqual(aside, ['preferences.json.corrupt-2026-03-01T08-00-00-000Z']);
  assert.equal(readFileSync(join(h.dir, aside[0]!), 'utf8'), '{"users": {"100000000001": {"textSize": "lar');
  assert.deepEqual(h.audit.map((e) => [e.event, e.reason]), [['preferences-corrupt', 'not valid JSON']]);
  assert.ok(h.warnings.some((w) => w.msg.includes('moved aside')));
  h.store.set(USER, { textSize: 'large' });
  assert.equal(harness({}, h.dir).store.get(USER).values.textSize, 'large');
});

test('a file that breaks the schema (a patient field written by hand) is moved aside too, also when it goes bad while running', (t) => {
  const h = harness();
  t.after(h.cleanup);
  h.store.set(USER, { textSize: 'larger' });
  writeFileSync(h.file, JSON.stringify({ users: { [USER]: { textSize: 'larger', patient: '9434765919' } } }));
  assert.equal(h.store.get(USER).values.textSize, 'normal');
  assert.deepEqual(h.audit.map((e) => [e.event, e.reason]), [['preferences-corrupt', 'breaks the preferences schema']]);
  assert.equal(readdirSync(h.dir).filter((f) => f.includes('.corrupt-')).length, 1);
  assert.ok(!readdirSync(h.dir).includes('preferences.json'));
});
