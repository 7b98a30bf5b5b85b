/**
 * fetchTrusting against real TLS servers on loopback: the given roots are trusted (and only they),
 * plain-HTTP loopback goes through Node's fetch, a status no Response can carry and an answer
 * flood are errors for the caller, never an exception in Lanyard's process.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fetchTrusting } from '../../../main/identity/trusting-fetch.js';
import { makeServerCert } from './server-cert.js';

const cert = makeServerCert(['127.0.0.1']);
const servers: Server[] = [];
after(() => { for (const s of servers) s.close(); });

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer({ key: cert.key, cert: cert.cert }, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = { method: 'GET', headers: {}, body: undefined, redirect: 'manual' } as const;

test('trusts the given roots, and no others', async () => {
  const base = await serve((_req, res) => res.end('ok'));
  const r = await fetchTrusting(cert.ca)(`${base}/`, get);
  assert.equal(await r.text(), 'ok');
  await assert.rejects(fetchTrusting(makeServerCert(['127.0.0.1']).ca)(`${base}/`, get), /certificate/i);
});

test('a status outside what a Response carries, or a flood of an answer, rejects the call', async () => {
  const odd = await serve((_req, res) => { res.writeHead(999); res.end('?'); });
  await assert.rejects(fetchTrusting(cert.ca)(`${odd}/`, get), RangeError);
  const flood = await serve((_req, res) => { const chunk = Buffer.alloc(64 * 1024, 120); for (let i = 0; i < 40; i++) res.write(chunk); res.end(); });
  await assert.rejects(fetchTrusting(cert.ca)(`${flood}/`, get), /exceeded/);
});
