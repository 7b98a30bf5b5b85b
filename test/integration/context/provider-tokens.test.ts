/**
 * The hub with the real reference provider: an app signed in for a user's session gets hub.url,
 * hub.topic and the patient in its token response; the hub checks its token by introspection;
 * another user's token, a revoked one, or none is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { startIdentityProvider, type RunningIdentityProvider } from '../../../main/idp/provider.js';
import { SHELL_CLIENT, SHELL_CLIENT_ID } from '../../../main/idp/demo-environment.js';
import { hubClientMetadata } from '../../../main/idp/context-launch.js';
import { IdentityClient } from '../../../main/identity/identity-client.js';
import { startHub, type RunningHub } from '../../../main/context/hub-server.js';
import { introspectionVerifier } from '../../../main/context/tokens.js';
import { PatientContext } from '../../../main/context/patient-context.js';
import { createCardCa, DOCTOR, issueCardCertificate, RECEPTIONIST, signAsCard, TEST_DIRECTORY } from '../identity/card-helpers.js';
import { FakeClock } from '../../fixtures/fake-clock.js';
import { publish, SpecSubscriber, subscribeRequest } from '../../fixtures/fhircast-client.js';
import { memoryLog } from '../../unit/context/memory-log.js';
import { patientOpen } from '../../unit/context/spec-examples.js';

const log = memoryLog();
const hubSecret = randomBytes(24).toString('base64url');
const appSecret = randomBytes(24).toString('base64url');
const REDIRECT = 'http://127.0.0.1:9/callback';
let idp: RunningIdentityProvider;
let hub: RunningHub;
let context: PatientContext;
let shell: IdentityClient;

before(async () => {
  const ca = await createCardCa();
  idp = await startIdentityProvider({
    directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem], allowCasWithoutRevocation: true,
    clients: [SHELL_CLIENT, { client_id: 'prescribing', client_secret: appSecret, redirect_uris: [REDIRECT], grant_types: ['authorization_code'], response_types: ['code'] }],
    context: { launchFor: (a, c) => (context as PatientContext | undefined)?.launchFor(a, c), hubClient: hubClientMetadata('lanyard-hub', hubSecret) },
  });
  hub = await startHub({ clock: new FakeClock(), log, verifier: introspectionVerifier({ introspectionEndpoint: `${idp.issuer}/token/introspection`, clientId: 'lanyard-hub', clientSecret: hubSecret, log }) });
  context = new PatientContext(hub.core, hub.url, () => '2026-11-23');
  shell = await IdentityClient.create({ issuer: idp.issuer, clientId: SHELL_CLIENT_ID });
  (globalThis as { __ca?: unknown }).__ca = ca;
});
after(async () => { await hub?.close(); await idp?.close(); });

/** Signs `who` in as the shell, then signs the prescribing app in silently with that provider session. */
async function appTokens(who: { userId: string; name: string }) {
  const ca = (globalThis as { __ca?: Awaited<ReturnType<typeof createCardCa>> }).__ca;
  assert.ok(ca);
  const card = await issueCardCertificate(ca, who, { algorithm: 'p256' });
  const flow = await shell.beginSmartcardSignIn();
  const choice = await flow.complete(signAsCard(card, flow.challenge));
  const session = await choice.choose(choice.roles[0]?.roleId ?? '');
  const cookie = session.providerCookies.map((k) => `${k.name}=${k.value}`).join('; ');
  const config = await oidc.discovery(new URL(idp.issuer), 'prescribing', appSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  let url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid fhircast/Patient-open.read fhircast/Patient-open.write', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).href;
  for (let hop = 0; hop < 10 && !url.startsWith(REDIRECT); hop++) {
    const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    const next = res.headers.get('location');
    assert.ok(next, `hop ${hop} answered ${res.status}`);
    url = new URL(next, url).href;
  }
  return oidc.authorizationCodeGrant(config, new URL(url), { pkceCodeVerifier: verifier, expectedState: state });
}

test('an app\'s token response carries hub.url, hub.topic and the patient; the hub accepts its token', async () => {
  const topic = context.sessionStarted('s1', DOCTOR.userId);
  const tokens = await appTokens(DOCTOR);
  assert.equal(tokens['hub.url'], hub.url);
  assert.equal(tokens['hub.topic'], topic);
  assert.equal(tokens.patient, undefined, 'a new session starts with no patient');
  const sub = await SpecSubscriber.subscribe(hub.url, tokens.access_token, topic, 'Patient-open');
  assert.equal((await sub.next())['hub.mode'], 'subscribe');
  assert.equal((await publish(hub.url, tokens.access_token, patientOpen(topic))).status, 202);
  assert.equal((await sub.next()).id, '6efe28b2-7f8b-4cbc-bc59-a21a902f7e04');
  const again = await appTokens(DOCTOR);
  assert.equal(again.patient, '503824b8-fe8c-4227-b061-7181ba6c3926');
  sub.close();
});

test('another user\'s token, a revoked token and no token are refused; a new user\'s session has no patient', async () => {
  const doctorTopic = context.sessionStarted('s1', DOCTOR.userId);
  context.suspended('s1');
  const receptionistTopic = context.sessionStarted('s2', RECEPTIONIST.userId);
  const tokens = await appTokens(RECEPTIONIST);
  assert.equal(tokens['hub.topic'], receptionistTopic);
  assert.equal(context.current('s2'), undefined);
  const params = { 'hub.channel.type': 'websocket', 'hub.mode': 'subscribe', 'hub.events': 'Patient-open' };
  assert.equal((await subscribeRequest(hub.url, tokens.access_token, { ...params, 'hub.topic': doctorTopic })).status, 403);
  assert.equal((await subscribeRequest(hub.url, undefined, { ...params, 'hub.topic': receptionistTopic })).status, 401);
  const config = await oidc.discovery(new URL(idp.issuer), 'prescribing', appSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  await oidc.tokenRevocation(config, tokens.access_token);
  assert.equal((await subscribeRequest(hub.url, tokens.access_token, { ...params, 'hub.topic': receptionistTopic })).status, 401);
  assert.ok(!log.lines.some((l) => l.includes(tokens.access_token)), 'tokens are never logged');
  context.ended('s2');
  context.resumed('s1');
  assert.equal(context.current('s1')?.name, 'SMITH, John (Dr.)');
});

test('an independent FHIRcast client (Medplum\'s) subscribes with an app\'s token and follows the patient', async () => {
  const { WebSocket } = await import('ws');
  // Node 20 has no global WebSocket; Medplum's client takes the platform one when it loads.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const { MedplumClient } = await import('@medplum/core');
  const tokens = await appTokens(DOCTOR); // the doctor's session (s1, resumed above)
  const topic = String(tokens['hub.topic']);
  // Medplum sends its token only to its own base URL's origin: the hub's.
  const medplum = new MedplumClient({ baseUrl: `${new URL(hub.url).origin}/`, fhircastHubUrl: hub.url, fetch: (url: string | URL | Request, init?: RequestInit) => fetch(url, init) });
  medplum.setAccessToken(tokens.access_token);
  const request = await medplum.fhircastSubscribe(topic, ['Patient-open']);
  const connection = medplum.fhircastConnect(request);
  const message = new Promise<Record<string, unknown>>((resolve) => {
    connection.addEventListener('message', (e) => resolve((e as unknown as { payload: Record<string, unknown> }).payload));
  });
  await new Promise<void>((resolve) => connection.addEventListener('connect', () => resolve()));
  // Another app of the same session opens a patient; Medplum's client is told.
  assert.equal((await publish(hub.url, tokens.access_token, patientOpen(topic))).status, 202);
  const got = await message;
  const event = got['event'] as { 'hub.event': string; 'hub.topic': string };
  assert.equal(event['hub.event'].toLowerCase(), 'patient-open');
  assert.equal(event['hub.topic'], topic);
  connection.disconnect();
});
