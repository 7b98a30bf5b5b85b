/**
 * PatientContextLink against the real PatientContext and HubCore: station effects drive the
 * session's topic (start before its apps open, hibernate, resume, logout), the banner is given
 * only for the session in front while active, and the "did not follow" warning lives and dies with
 * the context change it is about.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubCore } from '../../../main/context/hub-core.js';
import { PatientContext } from '../../../main/context/patient-context.js';
import { parseNotification } from '../../../main/context/events.js';
import type { TokenGrant } from '../../../main/context/tokens.js';
import { PatientContextLink } from '../../../main/app/station/patient-context-link.js';
import type { LiveSession } from '../../../main/app/station/session-resources.js';
import type { Policy } from '../../../main/core/policy/types.js';
import type { SessionState, UserSession } from '../../../main/core/session/types.js';
import { parseShellCommand } from '../../../main/core/shell-command.js';
import { SYNTHETIC_PATIENTS } from '../../../main/idp/demo-apps/synthetic-patients.js';
import { nhsNumberValid } from '../../../main/core/patient.js';
import { FakeClock } from '../../fixtures/fake-clock.js';
import { memoryLog } from './memory-log.js';

function rig() {
  const clock = new FakeClock();
  const hub = new HubCore({ clock, log: memoryLog(), wallNow: () => clock.now(), appNames: { referrals: 'Referrals', 'patient-record': 'Patient Record' } });
  const context = new PatientContext(hub, 'http://127.0.0.1:1/fhircast', () => '2026-11-23');
  const calls: string[] = [];
  for (const m of ['sessionStarted', 'suspended', 'resumed', 'ended'] as const) {
    const real = context[m].bind(context) as (...a: string[]) => unknown;
    (context as unknown as Record<string, unknown>)[m] = (...a: string[]) => { calls.push(`${m} ${a[0]}`); return real(...a); };
  }
  const states = new Map<string, SessionState>();
  const live = new Map<string, { apps: { started: boolean }; signedIn: { user: { userId: string } } }>();
  let front: string | undefined;
  const session = (id: string) => (states.has(id) ? { id, state: states.get(id) } as UserSession : undefined);
  const steps: (() => void)[] = [];
  const policy = { apps: [{ id: 'referrals', name: 'Referrals' }, { id: 'patient-record', name: 'Patient Record' }] } as Policy;
  const link = new PatientContextLink(() => ({ context, policy }), {
    session, front: () => (front ? session(front) : undefined), live: (id) => live.get(id) as LiveSession | undefined,
    post: (step) => steps.push(step),
  });
  const drain = () => { while (steps.length) steps.shift()!(); };
  const grant = (id: string, clientId: string): TokenGrant => ({
    clientId, subject: 'u', topic: context.launchFor(id === 's1' ? 'doctor' : 'clerk', clientId)?.['hub.topic'] ?? '',
    scopes: ['fhircast/Patient-open.write', 'fhircast/SyncError.write'], expiresAtMs: clock.now() + 3_600_000,
  });
  const open = (sessionId: string, patientId: string, by = 'patient-record') => {
    const resource = SYNTHETIC_PATIENTS.find((p) => p.id === patientId)!;
    const g = grant(sessionId, by);
    hub.publish(g, parseNotification({ id: `open-${patientId}`, timestamp: new Date(clock.now()).toISOString(), event: { 'hub.topic': g.topic, 'hub.event': 'Patient-open', context: [{ key: 'patient', resource }] } }));
  };
  const syncError = (sessionId: string, eventId: string) => {
    const g = grant(sessionId, 'referrals');
    const se = 'https://fhircast.hl7.org/events/syncerror';
    hub.publish(g, parseNotification({ id: `se-${eventId}`, timestamp: new Date(clock.now()).toISOString(), event: { 'hub.topic': g.topic, 'hub.event': 'SyncError', context: [{ key: 'operationoutcome', resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'processing', diagnostics: 'unsaved form', details: { coding: [{ system: `${se}/eventid`, code: eventId }, { system: `${se}/eventname`, code: 'Patient-open' }] } }] } }] } }));
  };
  const signIn = (id: string, userId: string) => {
    states.set(id, 'active'); front = id;
    live.set(id, { apps: { started: false }, signedIn: { user: { userId } } });
    link.effect({ type: 'show', sessionId: id });
    live.get(id)!.apps.started = true; // Tabs.shown opens the apps after the link has seen the show
  };
  return { link, calls, states, setFront: (id: string | undefined) => { front = id; }, drain, open, syncError, signIn, context };
}

test('a session\'s topic opens on its first show (before its apps), hibernates on suspend, resumes on show, ends with the session', () => {
  const r = rig();
  r.signIn('s1', 'doctor');
  assert.deepEqual(r.calls, ['sessionStarted s1']);
  r.states.set('s1', 'suspended'); r.setFront(undefined);
  r.link.effect({ type: 'hide-all' });
  r.states.set('s1', 'active'); r.setFront('s1');
  r.link.effect({ type: 'show', sessionId: 's1' });
  r.states.delete('s1'); r.setFront(undefined);
  r.link.effect({ type: 'hide-all' }); // logout: the session is gone before its effects run
  r.link.effect({ type: 'end', sessionId: 's1', reason: 'logout' });
  assert.deepEqual(r.calls, ['sessionStarted s1', 'suspended s1', 'resumed s1', 'ended s1'], 'an ending session gets UserLogout, not UserHibernate first');
});

test('the banner is the front session\'s patient while it is active; another user never sees it', () => {
  const r = rig();
  r.signIn('s1', 'doctor');
  r.open('s1', 'syn-0002');
  r.drain();
  assert.equal(r.link.view().patient?.name, 'SAMPLESSON, Bob Arthur (Mr)');
  assert.equal(r.link.view().patient?.nhsNumber, '999 123 4578');
  assert.equal((r.link.view().patient as Record<string, unknown> | undefined)?.['id'], undefined, 'the shell gets banner fields only');
  r.states.set('s1', 'suspended');
  r.link.effect({ type: 'hide-all' });
  r.setFront(undefined);
  assert.deepEqual(r.link.view(), {}, 'locked: no patient');
  r.signIn('s2', 'clerk');
  assert.deepEqual(r.link.view(), {}, 'a new user starts with no patient');
  r.states.set('s2', 'suspended'); r.link.effect({ type: 'hide-all' });
  r.states.set('s1', 'active'); r.setFront('s1'); r.link.effect({ type: 'show', sessionId: 's1' });
  assert.equal(r.link.view().patient?.name, 'SAMPLESSON, Bob Arthur (Mr)', 'back for the same user on resume');
});

test('an app that did not follow is named until the patient changes again or it follows; a resume keeps the warning', () => {
  const r = rig();
  r.signIn('s1', 'doctor');
  r.open('s1', 'syn-0001');
  r.syncError('s1', 'open-syn-0001');
  r.drain();
  assert.deepEqual(r.link.view().contextWarning, { apps: ['Referrals'], patientName: 'TESTPATIENT, Alice (Mrs)' });
  r.states.set('s1', 'suspended'); r.link.effect({ type: 'hide-all' }); r.setFront(undefined);
  assert.equal(r.link.view().contextWarning, undefined, 'not on the lock screen');
  r.states.set('s1', 'active'); r.setFront('s1'); r.link.effect({ type: 'show', sessionId: 's1' });
  r.drain();
  assert.deepEqual(r.link.view().contextWarning?.apps, ['Referrals'], 'the resumed context is the same change: the warning stands');
  r.open('s1', 'syn-0003');
  r.drain();
  assert.equal(r.link.view().contextWarning, undefined, 'a new patient starts a new change');
});

test('Close patient is a shell command for the session in front; the demo\'s synthetic NHS numbers are in the test range and valid', () => {
  assert.deepEqual(parseShellCommand({ type: 'close-patient' }), { ok: true, command: { type: 'close-patient' } });
  const r = rig();
  r.signIn('s1', 'doctor');
  r.open('s1', 'syn-0004');
  assert.equal(r.link.command({ type: 'close-patient' }), true);
  assert.equal(r.context.current('s1'), undefined);
  assert.equal(r.link.command({ type: 'lock' }), false);
  for (const p of SYNTHETIC_PATIENTS) {
    const nhs = p.identifier[0]!.value;
    assert.ok(nhs.startsWith('999') && nhsNumberValid(nhs), `${p.id}: ${nhs}`);
    assert.equal(p.meta.tag[0]?.code, 'HTEST', 'labelled as test data');
  }
});
