/**
 * The standard profile's discovery, against real HTTP servers on loopback that get it wrong: no
 * discovery document, a document that names another issuer, nobody listening. Each is a clear,
 * typed refusal before the card's middleware is touched (a card whose every use throws shows it).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandardIdentityClient } from '../../../main/identity/standard/standard-client.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import type { CardCredential } from '../../../main/core/ports/card-credential.js';

const servers: Server[] = [];
after(() => { for (const s of servers) s.close(); });

async function serve(handler: (path: string) => { status: number; body?: unknown }): Promise<string> {
  const server = createServer((req, res) => {
    const { status, body } = handler(req.url ?? '/');
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A card that must never be used: discovery fails first. */
const untouchableCard = new Proxy({}, { get: (_t, key) => { throw new Error(`the card was used (${String(key)}) before discovery succeeded`); } }) as CardCredential;

function client(issuer: string): StandardIdentityClient {
  return new StandardIdentityClient({ issuer, clientId: 'lanyard', certificateHost: '127.0.0.1:1', claims: { userId: 'sub', name: 'name', roles: 'roles' }, timeoutMs: 3_000 });
}

async function refusal(issuer: string): Promise<IdentityError> {
  const err = await client(issuer).beginCertificateSignIn(untouchableCard, '123456').then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof IdentityError, `an IdentityError, got ${String(err)}`);
  return err;
}

test('no discovery document: a protocol refusal for IT, not retried as a network fault', async () => {
  const issuer = await serve(() => ({ status: 404, body: { error: 'not found' } }));
  const err = await refusal(issuer);
  assert.equal(err.code, 'idp-protocol');
  assert.equal(err.retryable, false);
  assert.match(err.userMessage, /IT service desk/);
  assert.match(err.message, /discovering/);
});

test('a discovery document that names another issuer is refused (no sign-in against a lying provider)', async () => {
  let issuer = '';
  issuer = await serve((path) => (path === '/.well-known/openid-configuration'
    ? { status: 200, body: { issuer: 'http://127.0.0.1:9/evil', authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'] } }
    : { status: 404 }));
  const err = await refusal(issuer);
  assert.equal(err.code, 'idp-protocol');
  assert.match(err.message, /issuer/i);
});

test('nobody listening: the sign-in service cannot be reached, worth a retry', async () => {
  const issuer = await serve(() => ({ status: 404 }));
  servers.pop()!.close();
  await new Promise((r) => setImmediate(r));
  const err = await refusal(issuer);
  assert.equal(err.code, 'idp-unreachable');
  assert.equal(err.retryable, true);
  assert.match(err.userMessage, /cannot be reached/);
});
