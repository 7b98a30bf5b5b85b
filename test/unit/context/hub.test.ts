/**
 * The embedded FHIRcast hub against a plain spec-written `ws` subscriber: the spec's messages as
 * fixed JSON, delivery with acknowledgement, SyncError, heartbeats, leases, and every bad input the
 * issue lists. Tokens come from a table here (the introspection path is tested against the real
 * provider in test/integration/context).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startHub, type RunningHub } from '../../../main/context/hub-server.js';
import { fhircastScopes } from '../../../main/context/events.js';
import type { HubNotice } from '../../../main/context/hub-core.js';
import type { TokenGrant } from '../../../main/context/tokens.js';
import { FakeClock } from '../../fixtures/fake-clock.js';
import { publish, SpecSubscriber, subscribeRequest } from '../../fixtures/fhircast-client.js';
import { encounterOpen, patientOpen, syncErrorFromApp } from './spec-examples.js';
import { memoryLog } from './memory-log.js';

const clock = new FakeClock();
const log = memoryLog();
const grants = new Map<string, TokenGrant>();
let hub: RunningHub;
let notices: HubNotice[] = [];
const ALL = fhircastScopes();

function token(name: string, clientId: string, topic: string | undefined, scopes = ALL, lifeMs = 3_600_000): string {
  grants.set(name, { clientId, subject: 'asha', scopes, expiresAtMs: clock.now() + lifeMs, ...(topic ? { topic } : {}) });
  return name;
}

before(async () => {
  hub = await startHub({
    clock, log, wallNow: () => clock.now(),
    verifier: { verify: (t) => Promise.resolve(grants.get(t)) },
    appNames: { 'patient-record': 'Patient Record', prescribing: 'Prescribing', referrals: 'Referrals' },
    limits: { rateEvents: 5, rateWindowMs: 10_000 },
  });
  hub.core.on((n) => notices.push(n));
});
after(() => hub.close());
beforeEach(() => { notices = []; log.lines.length = 0; });

async function threeApps(topic: string) {
  const record = await SpecSubscriber.subscribe(hub.url, token(`rec-${topic}`, 'patient-record', topic), topic, 'Patient-open,Patient-close,SyncError');
  const rx = await SpecSubscriber.subscribe(hub.url, token(`rx-${topic}`, 'prescribing', topic), topic, 'Patient-*,SyncError,UserHibernate,UserLogout');
  const refs = await SpecSubscriber.subscribe(hub.url, token(`ref-${topic}`, 'referrals', topic), topic, '*');
  for (const s of [record, rx, refs]) assert.equal((await s.next())['hub.mode'], 'subscribe');
  return { record, rx, refs, recTok: `rec-${topic}`, rxTok: `rx-${topic}`, refTok: `ref-${topic}` };
}

describe('subscription (spec 2.4)', () => {
  test('answers 202 with a ws endpoint and confirms over the socket with the spec fields', async () => {
    const topic = hub.core.openTopic();
    const res = await subscribeRequest(hub.url, token('t1', 'prescribing', topic), {
      'hub.channel.type': 'websocket', 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': 'patient-open,patient-close', 'hub.lease_seconds': '600',
    });
    assert.equal(res.status, 202);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const endpoint = (await res.json() as Record<string, string>)['hub.channel.endpoint'] ?? '';
    assert.match(endpoint, /^ws:\/\/127\.0\.0\.1:\d+\/fhircast\/ws\/[A-Za-z0-9_-]{32}$/);
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(endpoint);
    const first = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    assert.deepEqual(JSON.parse(first), { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': 'Patient-open,Patient-close', 'hub.lease_seconds': 600 });
    ws.close(1000);
  });

  test('a new subscriber is told the current context right after its confirmation', async () => {
    const topic = hub.core.openTopic();
    const { record } = await threeApps(topic);
    assert.equal((await publish(hub.url, `rec-${topic}`, patientOpen(topic))).status, 202);
    await record.next();
    const late = await SpecSubscriber.subscribe(hub.url, token('late', 'prescribing', topic), topic, 'Patient-open');
    assert.equal((await late.next())['hub.mode'], 'subscribe');
    const ctx = await late.next();
    assert.equal(ctx.id, '6efe28b2-7f8b-4cbc-bc59-a21a902f7e04');
  });

  test('unsubscribe sends a denial and closes the socket normally', async () => {
    const topic = hub.core.openTopic();
    const s = await SpecSubscriber.subscribe(hub.url, token('u1', 'prescribing', topic), topic, 'Patient-open');
    await s.next();
    const res = await subscribeRequest(hub.url, 'u1', { 'hub.channel.type': 'websocket', 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.channel.endpoint': s.endpoint });
    assert.equal(res.status, 202);
    assert.deepEqual(await s.next(), { 'hub.mode': 'denied', 'hub.topic': topic, 'hub.events': 'Patient-open', 'hub.reason': 'unsubscribed' });
    assert.equal((await s.closed).code, 1000);
  });

  test('the lease is cut to the token\'s life and ends with a denial', async () => {
    const topic = hub.core.openTopic();
    const s = await SpecSubscriber.subscribe(hub.url, token('l1', 'prescribing', topic, ALL, 90_000), topic, 'Patient-open', { 'hub.lease_seconds': '7200' });
    const conf = await s.next();
    assert.equal(conf['hub.lease_seconds'], 90);
    clock.advance(90_000);
    assert.equal((await s.next())['hub.reason'], 'lease expired');
    assert.equal((await s.closed).code, 1000);
  });

  test('heartbeats every 10 s in the spec\'s shape', async () => {
    const topic = hub.core.openTopic();
    const s = await SpecSubscriber.subscribe(hub.url, token('h1', 'prescribing', topic), topic, 'Patient-open');
    await s.next();
    clock.advance(10_000);
    const hb = await s.next({ heartbeats: true });
    assert.deepEqual((hb.event as Record<string, unknown>), { 'hub.topic': topic, 'hub.event': 'heartbeat', context: [{ key: 'period', decimal: '10' }] });
    assert.equal(typeof hb.id, 'string');
    assert.equal(hb.timestamp, new Date(clock.now()).toISOString());
    s.close();
  });
});

describe('event notification (spec 2.5, 2.6)', () => {
  test('the spec\'s Patient-open reaches every subscriber with its id, timestamp, context and a versionId', async () => {
    const topic = hub.core.openTopic();
    const { record, rx, refs, recTok } = await threeApps(topic);
    const sent = patientOpen(topic);
    assert.equal((await publish(hub.url, recTok, sent)).status, 202);
    const expected = { ...sent, event: { ...(sent.event as object), 'context.versionId': hub.core.currentContext(grants.get(recTok) as TokenGrant, topic)['context.versionId'] } };
    for (const s of [rx, refs, record]) assert.deepEqual(await s.next(), expected);
    rx.ack(String(sent.id));
    refs.ack(String(sent.id), 202);
    await waitFor(() => notices.filter((n) => n.type === 'followed').length === 2);
    assert.deepEqual(notices[0], { type: 'context-changed', topic, event: 'Patient-open', patient: (sent.event as { context: { resource: unknown }[] }).context[0]?.resource, by: 'patient-record' });
    // the sender is not expected to acknowledge its own change: no warning after the timeout
    clock.advance(10_000);
    assert.equal(notices.filter((n) => n.type === 'not-followed').length, 0);
  });

  test('get current context answers the spec fields', async () => {
    const topic = hub.core.openTopic();
    const tok = token('g1', 'prescribing', topic);
    const empty = await fetch(`${hub.url}/${topic}`, { headers: { authorization: `Bearer ${tok}` } });
    assert.equal(empty.status, 200);
    const e = await empty.json() as Record<string, unknown>;
    assert.equal(e['context.type'], '');
    assert.deepEqual(e.context, []);
    await publish(hub.url, tok, encounterOpen(topic));
    const res = await fetch(`${hub.url}/${topic}`, { headers: { authorization: `Bearer ${tok}` } });
    const body = await res.json() as Record<string, unknown>;
    assert.equal(body['context.type'], 'Encounter');
    assert.notEqual(body['context.versionId'], e['context.versionId']);
    assert.deepEqual(body.context, (encounterOpen(topic).event as { context: unknown }).context);
  });

  test('a subscriber that never answers: SyncError to the others naming it, then it is unsubscribed', async () => {
    const topic = hub.core.openTopic();
    const { record, rx, refs, recTok } = await threeApps(topic);
    const sent = patientOpen(topic);
    await publish(hub.url, recTok, sent);
    for (const s of [record, rx, refs]) await s.next();
    rx.ack(String(sent.id));
    await waitFor(() => notices.some((n) => n.type === 'followed'));
    clock.advance(10_000);
    const err = await record.next();
    const issue = ((err.event as { context: { resource: { issue: Record<string, unknown>[] } }[] }).context[0]?.resource.issue[0]) ?? {};
    assert.equal((err.event as Record<string, unknown>)['hub.event'], 'SyncError');
    assert.equal(issue.severity, 'warning');
    assert.deepEqual((issue.details as { coding: unknown[] }).coding, [
      { system: 'https://fhircast.hl7.org/events/syncerror/eventid', code: sent.id },
      { system: 'https://fhircast.hl7.org/events/syncerror/eventname', code: 'Patient-open' },
      { system: 'https://fhircast.hl7.org/events/syncerror/subscriber', code: 'Referrals' },
    ]);
    assert.equal((await refs.next())['hub.mode'], 'denied');
    assert.ok(notices.some((n) => n.type === 'not-followed' && n.clientId === 'referrals' && n.reason === 'no-ack'));
    assert.ok(log.lines.some((l) => l.includes('app did not follow context')));
    // the others keep their context
    assert.equal(hub.core.currentPatient(topic)?.id, '503824b8-fe8c-4227-b061-7181ba6c3926');
  });

  test('an app\'s SyncError (the spec example) is relayed under its own name, not the one it claims', async () => {
    const topic = hub.core.openTopic();
    const { record, rx, refs, recTok, refTok } = await threeApps(topic);
    const sent = patientOpen(topic);
    await publish(hub.url, recTok, sent);
    for (const s of [record, rx, refs]) await s.next();
    refs.ack(String(sent.id), 202);
    assert.equal((await publish(hub.url, refTok, syncErrorFromApp(topic, String(sent.id)))).status, 202);
    const relayed = await record.next();
    const coding = ((relayed.event as { context: { resource: { issue: { details: { coding: { code: string }[] } }[] } }[] }).context[0]?.resource.issue[0]?.details.coding) ?? [];
    assert.equal(coding[2]?.code, 'Referrals');
    assert.equal(relayed.id, 'q9v3jubddqt63n1');
    assert.ok(notices.some((n) => n.type === 'not-followed' && n.app === 'Referrals' && n.reason === 'sync-error'));
  });

  test('a 409 answer is a refusal: the others get a SyncError', async () => {
    const topic = hub.core.openTopic();
    const { record, rx, refs, recTok } = await threeApps(topic);
    const sent = patientOpen(topic);
    await publish(hub.url, recTok, sent);
    for (const s of [record, rx, refs]) await s.next();
    refs.ack(String(sent.id), 409);
    assert.equal(((await record.next()).event as Record<string, unknown>)['hub.event'], 'SyncError');
    assert.ok(notices.some((n) => n.type === 'not-followed' && n.reason === 'refused'));
  });
});

describe('session lifecycle', () => {
  test('hibernate sends UserHibernate then silence; resume tells the context again; end sends UserLogout and destroys it', async () => {
    const topic = hub.core.openTopic();
    const { rx, recTok } = await threeApps(topic);
    await publish(hub.url, recTok, patientOpen(topic));
    const open = await rx.next();
    rx.ack(String(open.id));
    hub.core.hibernate(topic);
    const hib = await rx.next();
    assert.deepEqual((hib.event as Record<string, unknown>).context, [{ key: 'parameters', resource: { resourceType: 'Parameters', parameter: [{ name: 'code', valueCoding: { system: 'http://hl7.org/fhir/uv/fhircast/CodeSystem/fhircast-hibernate-codesystem', code: 'system-timeout', display: 'The session was suspended at the workstation.' } }] } }]);
    const refused = await publish(hub.url, recTok, { ...patientOpen(topic), id: 'while-suspended' });
    assert.equal(refused.status, 409);
    hub.core.resume(topic);
    assert.equal((await rx.next()).id, open.id);
    hub.core.endTopic(topic);
    assert.equal(((await rx.next()).event as Record<string, unknown>)['hub.event'], 'UserLogout');
    assert.equal((await rx.next())['hub.reason'], 'session ended');
    assert.equal(hub.core.currentPatient(topic), undefined);
    const gone = await publish(hub.url, recTok, patientOpen(topic));
    assert.equal(gone.status, 410);
    assert.equal((await subscribeRequest(hub.url, recTok, { 'hub.channel.type': 'websocket', 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': 'Patient-open' })).status, 410);
  });

  test('Close patient from the shell publishes Patient-close for the patient in context', async () => {
    const topic = hub.core.openTopic();
    const { rx, recTok } = await threeApps(topic);
    await publish(hub.url, recTok, patientOpen(topic));
    await rx.next();
    hub.core.closePatient(topic);
    const close = await rx.next();
    assert.equal((close.event as Record<string, unknown>)['hub.event'], 'Patient-close');
    assert.equal(hub.core.currentPatient(topic), undefined);
  });
});

describe('bad input is refused with the spec\'s error, logged, and others keep context', () => {
  const sub = (topic: string, extra: Record<string, string> = {}) => ({ 'hub.channel.type': 'websocket', 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': 'Patient-open', ...extra });

  test('tokens: none 401, unknown 401, expired 401, another session\'s topic 403, no topic 403, missing scope 403', async () => {
    const topic = hub.core.openTopic();
    const other = hub.core.openTopic();
    assert.equal((await subscribeRequest(hub.url, undefined, sub(topic))).status, 401);
    assert.equal((await subscribeRequest(hub.url, 'nobody', sub(topic))).status, 401);
    assert.equal((await subscribeRequest(hub.url, token('exp', 'prescribing', topic, ALL, -1), sub(topic))).status, 401);
    assert.equal((await subscribeRequest(hub.url, token('oth', 'prescribing', other), sub(topic))).status, 403);
    assert.equal((await subscribeRequest(hub.url, token('none', 'prescribing', undefined), sub(topic))).status, 403);
    assert.equal((await subscribeRequest(hub.url, token('ro', 'prescribing', topic, ['fhircast/Patient-close.read']), sub(topic))).status, 403);
    assert.equal((await publish(hub.url, token('rd', 'prescribing', topic, ['fhircast/Patient-open.read']), patientOpen(topic))).status, 403);
    assert.equal((await publish(hub.url, 'oth', patientOpen(topic))).status, 403);
    assert.ok(log.lines.filter((l) => l.includes('hub refused request')).length >= 8);
    assert.ok(!log.lines.some((l) => l.includes('nobody')), 'no token in the log');
  });

  test('malformed subscriptions: no channel type, bad mode, duplicate parameter, unknown event, bad lease, wrong type, oversized', async () => {
    const topic = hub.core.openTopic();
    const t = token('m1', 'prescribing', topic);
    assert.equal((await subscribeRequest(hub.url, t, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.events': 'Patient-open' })).status, 400);
    assert.equal((await subscribeRequest(hub.url, t, sub(topic, { 'hub.mode': 'watch' }))).status, 400);
    assert.equal((await subscribeRequest(hub.url, t, sub(topic, { 'hub.events': 'Patient-explode' }))).status, 400);
    assert.equal((await subscribeRequest(hub.url, t, sub(topic, { 'hub.lease_seconds': '-5' }))).status, 400);
    const dup = await fetch(hub.url, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `hub.channel.type=websocket&hub.mode=subscribe&hub.topic=${topic}&hub.topic=${topic}&hub.events=Patient-open` });
    assert.equal(dup.status, 400);
    const text = await fetch(hub.url, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(text.status, 415);
    const big = await fetch(hub.url, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `hub.topic=${'x'.repeat(70_000)}` });
    assert.equal(big.status, 413);
    assert.equal((await subscribeRequest(hub.url, token('unk', 'prescribing', 'abc123'), sub('abc123'))).status, 404);
  });

  test('malformed events: not JSON, missing fields, bad context, hub-only event, close of a patient not in context, report of another patient', async () => {
    const topic = hub.core.openTopic();
    const { rx, recTok } = await threeApps(topic);
    await publish(hub.url, recTok, patientOpen(topic));
    await rx.next();
    assert.equal((await publish(hub.url, recTok, '{not json')).status, 400);
    assert.equal((await publish(hub.url, recTok, { id: 'x', event: {} })).status, 400);
    assert.equal((await publish(hub.url, recTok, { ...patientOpen(topic), event: { 'hub.topic': topic, 'hub.event': 'Patient-open', context: [{ key: 'patient', resource: { resourceType: 'Observation', id: 'o1' } }] } })).status, 400);
    assert.equal((await publish(hub.url, recTok, { ...patientOpen(topic), event: { 'hub.topic': topic, 'hub.event': 'UserLogout', context: [] } })).status, 403);
    const otherPatient = { timestamp: '2023-04-01T11:00:00Z', id: 'close-other', event: { 'hub.topic': topic, 'hub.event': 'Patient-close', context: [{ key: 'patient', resource: { resourceType: 'Patient', id: 'someone-else' } }] } };
    assert.equal((await publish(hub.url, recTok, otherPatient)).status, 409);
    const report = { timestamp: '2023-04-01T11:00:00Z', id: 'dr-other', event: { 'hub.topic': topic, 'hub.event': 'DiagnosticReport-open', context: [
      { key: 'report', resource: { resourceType: 'DiagnosticReport', id: 'r1', subject: { reference: 'Patient/someone-else' } } },
      { key: 'patient', resource: { resourceType: 'Patient', id: '503824b8-fe8c-4227-b061-7181ba6c3926' } },
    ] } };
    assert.equal((await publish(hub.url, recTok, report)).status, 409);
    assert.equal((await publish(hub.url, recTok, '{"timestamp":"2023","id":"' + 'x'.repeat(70_000) + '"}')).status, 413);
    assert.equal(hub.core.currentPatient(topic)?.id, '503824b8-fe8c-4227-b061-7181ba6c3926', 'context kept');
  });

  test('an app that floods events is limited (429) and the others keep context', async () => {
    const topic = hub.core.openTopic();
    const t = token('flood', 'prescribing', topic);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await publish(hub.url, t, { ...patientOpen(topic), id: `f${i}` })).status);
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
    clock.advance(10_000);
    assert.equal((await publish(hub.url, t, { ...patientOpen(topic), id: 'after' })).status, 202);
  });

  test('a subscriber that sends garbage over its socket is closed (1007) and the others are told', async () => {
    const topic = hub.core.openTopic();
    const { record, refs, recTok } = await threeApps(topic);
    await publish(hub.url, recTok, patientOpen(topic));
    await record.next();
    await refs.next();
    refs.ws.send('not json at all');
    assert.equal((await refs.closed).code, 1007);
    assert.equal(((await record.next()).event as Record<string, unknown>)['hub.event'], 'SyncError');
    assert.equal(hub.core.currentPatient(topic)?.id, '503824b8-fe8c-4227-b061-7181ba6c3926');
  });

  test('an oversized socket message closes that socket (1009) only', async () => {
    const topic = hub.core.openTopic();
    const { rx, refs } = await threeApps(topic);
    refs.ws.send(JSON.stringify({ id: 'x'.repeat(20_000), status: '200' }));
    assert.equal((await refs.closed).code, 1009);
    hub.core.closePatient(topic); // nothing open: no-op, the hub is still serving
    assert.equal(rx.ws.readyState, rx.ws.OPEN);
  });

  test('a socket dropped mid-message: SyncError to the others; it may reconnect within the window', async () => {
    const topic = hub.core.openTopic();
    const { record, recTok } = await threeApps(topic);
    await publish(hub.url, recTok, patientOpen(topic));
    await record.next();
    // A raw client that upgrades, then sends half a frame and vanishes.
    const res = await subscribeRequest(hub.url, token('raw', 'prescribing', topic), sub(topic));
    const endpoint = new URL((await res.json() as Record<string, string>)['hub.channel.endpoint'] ?? '');
    const raw = connect(Number(endpoint.port), '127.0.0.1');
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.write(`GET ${endpoint.pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await new Promise<void>((resolve) => raw.once('data', () => resolve()));
    raw.write(Buffer.from([0x81, 0xfe, 0x01, 0x00, 1, 2, 3, 4, 0x7b])); // masked text frame of 256 bytes, 1 sent
    raw.destroy();
    const err = await record.next();
    assert.equal((err.event as Record<string, unknown>)['hub.event'], 'SyncError');
    assert.ok(notices.some((n) => n.type === 'not-followed' && n.reason === 'disconnected'));
    assert.equal(hub.core.currentPatient(topic)?.id, '503824b8-fe8c-4227-b061-7181ba6c3926');
  });

  test('a socket from a web page of another origin is refused', async () => {
    const topic = hub.core.openTopic();
    const res = await subscribeRequest(hub.url, token('orig', 'prescribing', topic), sub(topic));
    const endpoint = (await res.json() as Record<string, string>)['hub.channel.endpoint'] ?? '';
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(endpoint, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0)));
    assert.equal(status, 403);
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'condition not reached');
}
