/**
 * The OCSP client's HTTP side against servers on loopback that answer badly: each is an OcspError
 * with its own code, never a hang or an accepted card. What it POSTs is checked too.
 */
import 'reflect-metadata';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { OCSPRequest } from '@peculiar/asn1-ocsp';
import { createCardCa, issueCardCertificate } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { queryOcsp } from '../../../main/idp/ocsp-client.js';
import { OcspError, type OcspErrorCode } from '../../../main/idp/ocsp-response.js';

let server: Server;
let base: string;
let card: x509.X509Certificate;
let ca: x509.X509Certificate;
const seen: { method?: string; type?: string; body: Buffer }[] = [];

const ROUTES: Record<string, (res: ServerResponse) => void> = {
  '/500': (res) => res.writeHead(500).end(),
  '/html': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
  '/garbage': (res) => res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from('not DER at all')),
  '/huge': (res) => res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.alloc(100 * 1024, 0x30)),
  '/redirect': (res) => res.writeHead(302, { location: '/garbage' }).end(),
};

before(async () => {
  const cardCa = await createCardCa();
  ca = new x509.X509Certificate(cardCa.certificatePem);
  card = new x509.X509Certificate((await issueCardCertificate(cardCa, { userId: '555000000001', name: 'Dr Asha Patel' }, { algorithm: 'p256' })).certificatePem);
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, type: req.headers['content-type'], body: Buffer.concat(chunks) });
      (ROUTES[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fails = (code: OcspErrorCode) => (e: unknown) => e instanceof OcspError && e.code === code;
const ask = (path: string) => queryOcsp(`${base}${path}`, card, ca, { now: new Date(), timeoutMs: 2000 });

test('posts one DER OCSPRequest as application/ocsp-request, about this certificate, with a nonce', async () => {
  await assert.rejects(ask('/500'), fails('http-error'));
  const last = seen.at(-1);
  assert.equal(last?.method, 'POST');
  assert.equal(last?.type, 'application/ocsp-request');
  const request = AsnConvert.parse(new Uint8Array(last?.body ?? []), OCSPRequest);
  assert.equal(request.tbsRequest.requestList.length, 1);
  assert.equal(Buffer.from(request.tbsRequest.requestList[0]?.reqCert.serialNumber ?? new ArrayBuffer(0)).toString('hex'), card.serialNumber.toLowerCase());
  assert.ok(request.tbsRequest.requestExtensions?.some((e) => e.extnID === '1.3.6.1.5.5.7.48.1.2'), 'nonce extension');
});

test('each bad answer has its own code: HTTP error, wrong type, garbage, oversized, redirect', async () => {
  await assert.rejects(ask('/404'), fails('http-error'));
  await assert.rejects(ask('/html'), fails('http-error'));
  await assert.rejects(ask('/garbage'), fails('malformed'));
  await assert.rejects(ask('/huge'), fails('malformed'));
  // Redirects are not followed (the card's CA named this URL, not the one redirected to).
  const before = seen.length;
  await assert.rejects(ask('/redirect'), (e: unknown) => e instanceof OcspError && e.code === 'http-error' && /HTTP 302/.test(e.message));
  assert.equal(seen.length, before + 1, 'the redirect target was not asked');
});
