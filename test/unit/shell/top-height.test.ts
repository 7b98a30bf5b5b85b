/** What the shell's bar takes above the app area: the hosts size their windows and views from
 * shellTopHeight, the page from renderer/styles.css; the two must say the same numbers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { NARROW_BAR_WIDTH, OFFER_ROW_HEIGHT, SETTINGS_ROW_HEIGHT, SHELL_BAR_HEIGHT, TABS_ROW_HEIGHT, hasOfferRow, hasSettingsRow, shellTopHeight, type ShellView } from '../../../main/core/shell-view.js';
import { shellLayoutFor } from '../../../main/host/chromium/shell-layout.js';

const active = { screen: 'active', stationName: 'S', suspended: [], tabs: [], methods: ['smartcard'], cardService: 'ok' } satisfies ShellView;
const offer = { appId: 'rota', appName: 'Staff Rota', username: 'sjones', verified: true };

test('the bar grows by a row for the Remember offer or its refusal, and by a tab row in a narrow window', () => {
  assert.equal(shellTopHeight(1366, false), SHELL_BAR_HEIGHT);
  assert.equal(shellTopHeight(1366, true), SHELL_BAR_HEIGHT + OFFER_ROW_HEIGHT);
  assert.equal(shellTopHeight(683, false), SHELL_BAR_HEIGHT + TABS_ROW_HEIGHT);
  assert.equal(shellTopHeight(683, true), SHELL_BAR_HEIGHT + TABS_ROW_HEIGHT + OFFER_ROW_HEIGHT);
  assert.equal(hasOfferRow({ ...active, rememberOffer: offer }), true);
  assert.equal(hasOfferRow({ ...active, rememberRefused: { ...offer, reason: 'not-yours' } }), true);
  assert.equal(hasOfferRow(active), false);
  assert.equal(hasOfferRow({ ...active, screen: 'locked', rememberOffer: offer }), false, 'only the active screen has a bar');
});

test('Display settings open: a row of their own under the bar, above the app', () => {
  const prefs = { textSize: 'normal', highContrast: false, fixed: [] } as unknown as ShellView['preferences'];
  assert.equal(shellTopHeight(1366, false, true), SHELL_BAR_HEIGHT + SETTINGS_ROW_HEIGHT);
  assert.equal(shellTopHeight(683, true, true), SHELL_BAR_HEIGHT + TABS_ROW_HEIGHT + OFFER_ROW_HEIGHT + SETTINGS_ROW_HEIGHT);
  assert.equal(hasSettingsRow({ ...active, displaySettings: true, preferences: prefs }), true);
  assert.equal(hasSettingsRow({ ...active, displaySettings: true }), false, 'no preferences, no settings');
  assert.equal(hasSettingsRow({ ...active, screen: 'locked', displaySettings: true, preferences: prefs }), false);
  assert.equal(shellLayoutFor({ ...active, displaySettings: true, preferences: prefs, rememberOffer: offer }), 'bar-offer-settings');
});

test('the Chromium host\'s window layout follows the offer row and the message', () => {
  assert.equal(shellLayoutFor(active), 'bar');
  assert.equal(shellLayoutFor({ ...active, rememberOffer: offer }), 'bar-offer');
  assert.equal(shellLayoutFor({ ...active, rememberOffer: offer, message: { kind: 'info', text: 'x' } }), 'bar-offer-message');
  assert.equal(shellLayoutFor({ ...active, message: { kind: 'info', text: 'x' } }), 'bar-message');
});

test('renderer/styles.css uses the same rows and breakpoint', async () => {
  const css = await readFile(new URL('../../../renderer/styles.css', import.meta.url), 'utf8');
  assert.match(css, new RegExp(`--offer-row: ${OFFER_ROW_HEIGHT}px`));
  assert.match(css, new RegExp(`--settings-row: ${SETTINGS_ROW_HEIGHT}px`));
  assert.match(css, new RegExp(`@media \\(max-width: ${NARROW_BAR_WIDTH}px\\) \\{\\s*:root \\{ --tabs-row: ${TABS_ROW_HEIGHT}px; --bar: calc\\(${SHELL_BAR_HEIGHT}px \\+ var\\(--tabs-row\\)\\); \\}`));
  assert.match(css, new RegExp(`--bar: ${SHELL_BAR_HEIGHT}px`));
});
