/** Lanyard's keys, decided from Electron's Input (before-input-event) and the station's state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, lanyardKey } from '../../../main/host/electron/lanyard-keys.js';

const key = (k: string, mods: Partial<Record<'control' | 'alt' | 'shift' | 'meta', boolean>> = {}, type = 'keyDown') =>
  ({ type, key: k, code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k, control: false, alt: false, shift: false, meta: false, ...mods });

test('Ctrl+Alt+L is lock (either case, by key or by code), F6 switches focus; nothing else is Lanyard\'s', () => {
  assert.equal(lanyardKey(key('l', { control: true, alt: true })), 'lock');
  assert.equal(lanyardKey(key('L', { control: true, alt: true })), 'lock');
  // A non-Latin layout still has the L key's code.
  assert.equal(lanyardKey({ ...key('д', { control: true, alt: true }), code: 'KeyL' }), 'lock');
  assert.equal(lanyardKey(key('F6')), 'switch-focus');
  assert.equal(lanyardKey(key('l', { control: true })), undefined);
  assert.equal(lanyardKey(key('l', { control: true, alt: true, shift: true })), undefined);
  assert.equal(lanyardKey(key('l', { control: true, alt: true }, 'keyUp')), undefined, 'one press, one lock');
  assert.equal(lanyardKey(key('F6', { control: true })), undefined);
  assert.equal(lanyardKey(key('a')), undefined);
});

test('lock works from any app and from the shell on the active screen; F6 goes between the bar and the app on screen', () => {
  const active = { active: true, appShown: true };
  assert.equal(keyAction('lock', 'shown-app', active), 'lock');
  assert.equal(keyAction('lock', 'hidden-app', { active: false, appShown: false }), 'lock');
  assert.equal(keyAction('lock', 'shell', active), 'lock');
  assert.equal(keyAction('lock', 'shell', { active: false, appShown: false }), undefined, 'nothing to lock on the lock screen');
  assert.equal(keyAction('switch-focus', 'shown-app', active), 'focus-shell');
  assert.equal(keyAction('switch-focus', 'shell', active), 'focus-app');
  assert.equal(keyAction('switch-focus', 'shell', { active: true, appShown: false }), undefined);
  assert.equal(keyAction('switch-focus', 'hidden-app', active), undefined);
});
