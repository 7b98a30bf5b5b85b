/** Preferences read on every render come from memory; a set goes to the store and refreshes them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CachedPreferences } from '../../../main/app/cached-preferences.js';
import type { EffectivePreferences, Preferences } from '../../../main/core/ports/preferences.js';

const base: EffectivePreferences = { values: { textSize: 'normal', highContrast: false, tabOrder: [] }, fixed: [] };

test('reads hit the store once per user; a set updates what later reads see; a refused set is not cached', () => {
  let reads = 0;
  let current = base;
  const store: Preferences = {
    get: () => { reads++; return current; },
    set: (_u, patch) => {
      if (patch.highContrast) throw new Error('fixed-by-policy');
      current = { ...current, values: { ...current.values, ...patch } as EffectivePreferences['values'] };
      return current;
    },
  };
  const cached = new CachedPreferences(store);
  for (let i = 0; i < 50; i++) cached.get('100000000001');
  assert.equal(reads, 1);
  assert.equal(cached.set('100000000001', { textSize: 'larger' }).values.textSize, 'larger');
  assert.equal(cached.get('100000000001').values.textSize, 'larger');
  assert.equal(reads, 1);
  assert.throws(() => cached.set('100000000001', { highContrast: true }));
  assert.equal(cached.get('100000000001').values.textSize, 'larger');
  assert.equal(reads, 2, 'after a refused set the next read asks the store again');
});
