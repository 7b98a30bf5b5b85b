/**
 * Patient context end to end in demo mode, on the real Chromium host: the demo apps' own pages
 * subscribe to the embedded FHIRcast hub with the launch context from their sign-in; opening a
 * patient in one app moves the others and the shell's banner; another user never sees it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signInWithDemoCard, waitForAllTabsLoaded, withDemoLanyard, type RunningLanyard } from '../fixtures/lanyard.js';

/** The front session's page of `appId`, once its patient context is connected. */
async function contextPage(app: RunningLanyard, appId: string): Promise<Page> {
  const partition = app.host.visibleApp()?.partition;
  assert.ok(partition, 'an app is on screen');
  const page = app.host.appPage(partition, appId);
  assert.ok(page, `${appId} is open`);
  await page.locator('body[data-context="connected"]').waitFor({ timeout: 15_000 });
  return page;
}

const patientIn = (page: Page, id: string) => page.locator(`body[data-patient="${id}"]`).waitFor({ timeout: 10_000 });
const openIn = (page: Page, id: string) => page.locator(`button.open-patient[data-patient="${id}"]`).click();

test('opening a patient in Patient Record puts the banner, Prescribing and Referrals on them; any app can change it; Close patient clears it', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const banner = app.shell.getByTestId('patient-banner');
    assert.match(await banner.textContent() ?? '', /No patient selected/, 'a new session starts with no patient');
    const [record, rx, referrals] = [await contextPage(app, 'patient-record'), await contextPage(app, 'prescribing'), await contextPage(app, 'referrals')];

    await openIn(record, 'syn-0002');
    await app.shell.getByTestId('patient-name').filter({ hasText: 'SAMPLESSON, Bob Arthur (Mr)' }).waitFor({ timeout: 10_000 });
    assert.equal(await app.shell.getByTestId('patient-nhs').textContent(), '999 123 4578', 'NHS number 3-3-4');
    assert.equal(await app.shell.getByTestId('patient-dob').textContent(), '02-Nov-1962');
    await patientIn(rx, 'syn-0002');
    await patientIn(referrals, 'syn-0002');
    assert.equal(await rx.locator('#current-patient').textContent(), 'SAMPLESSON, Bob Arthur');
    assert.match(await rx.locator('#patient-items').textContent() ?? '', /Ramipril|Metformin|Atorvastatin|Paracetamol|Salbutamol|Amoxicillin/);

    await openIn(rx, 'syn-0003'); // Prescribing changes the patient itself: the record follows
    await patientIn(record, 'syn-0003');
    await patientIn(referrals, 'syn-0003');
    await app.shell.getByTestId('patient-name').filter({ hasText: 'FICTIONAL, Chloe (Ms)' }).waitFor({ timeout: 10_000 });

    await app.shell.getByRole('button', { name: 'Close patient' }).click();
    await banner.filter({ hasText: 'No patient selected' }).waitFor({ timeout: 10_000 });
    for (const page of [record, rx, referrals]) await patientIn(page, '');
  });
});

test('switching user never shows the first user\'s patient; the banner returns only for them on resume', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const doctorRecord = await contextPage(app, 'patient-record');
    await openIn(doctorRecord, 'syn-0005');
    await app.shell.getByTestId('patient-name').filter({ hasText: 'NOTREAL' }).waitFor({ timeout: 10_000 });

    await signInWithDemoCard(app, 1); // the receptionist taps in: the doctor's session is suspended
    await waitForAllTabsLoaded(app.shell, app);
    assert.equal(await app.shell.getByTestId('patient-name').count(), 0, 'no patient banner for the new user');
    assert.match(await app.shell.getByTestId('patient-banner').textContent() ?? '', /No patient selected/);
    const receptionRecord = await contextPage(app, 'patient-record');
    assert.notEqual(receptionRecord, doctorRecord, 'the receptionist has her own tab');
    assert.equal(await receptionRecord.locator('body').getAttribute('data-patient'), null, 'her record shows no patient');
    assert.doesNotMatch(await app.shell.locator('body').innerText(), /NOTREAL/i);
    await openIn(receptionRecord, 'syn-0001');
    await app.shell.getByTestId('patient-name').filter({ hasText: 'TESTPATIENT' }).waitFor({ timeout: 10_000 });
    assert.equal(await doctorRecord.locator('#current-patient').textContent(), 'NOTREAL, Eleanor May', 'the doctor\'s tab stays on her own patient');

    await app.shell.getByRole('button', { name: 'Lock' }).click();
    await app.screen('locked');
    assert.equal(await app.shell.getByTestId('patient-banner').count(), 0, 'no banner on the lock screen');
    const doctor = app.runtime.demo!.cards.cards[0]!;
    app.runtime.demo!.cards.readers.remove(app.runtime.demo!.cards.cards[1]!.id);
    app.runtime.demo!.cards.readers.remove(doctor.id);
    await app.shell.getByRole('button', { name: `Tap ${doctor.label}` }).click();
    const pin = app.shell.locator('#pin-input');
    await app.shell.locator('[data-screen="pin"], [data-screen="active"]').first().waitFor({ timeout: 20_000 });
    if (await pin.count()) { await pin.fill(doctor.pin); await app.shell.getByRole('button', { name: 'Sign in' }).click(); }
    await app.screen('active');
    await app.shell.getByTestId('patient-name').filter({ hasText: 'NOTREAL, Eleanor May (Miss)' }).waitFor({ timeout: 10_000 });
  });
});

test('Referrals with an unsaved form answers SyncError instead of switching, and the shell names it', async (t) => {
  await withDemoLanyard(t, async (app) => {
    await signInWithDemoCard(app, 0);
    await waitForAllTabsLoaded(app.shell, app);
    const [record, rx, referrals] = [await contextPage(app, 'patient-record'), await contextPage(app, 'prescribing'), await contextPage(app, 'referrals')];
    await openIn(record, 'syn-0001');
    await patientIn(referrals, 'syn-0001');
    await referrals.locator('#referral-reason').fill('Chest pain on exertion, please assess');

    await openIn(record, 'syn-0006');
    await patientIn(rx, 'syn-0006');
    const warning = app.shell.getByTestId('context-warning');
    await warning.waitFor({ timeout: 10_000 });
    assert.match(await warning.textContent() ?? '', /Referrals did not follow to PLACEHOLDER, Farid \(Mr\)/);
    assert.equal(await referrals.locator('body').getAttribute('data-patient'), 'syn-0001', 'Referrals stayed with its unsaved form');
    assert.equal(await referrals.locator('#referral-reason').inputValue(), 'Chest pain on exertion, please assess');

    // Once the referral is sent and Referrals opens the patient in context itself, the warning goes.
    await referrals.locator('#send-referral').click();
    await openIn(referrals, 'syn-0006');
    await patientIn(referrals, 'syn-0006');
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
