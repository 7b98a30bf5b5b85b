/**
 * TLS client authentication with the virtual PIV card through the real pcscd, OpenSC's PKCS#11
 * module and OpenSSL's pkcs11 engine: the server sees exactly the tapped card's certificate and a
 * signature the card made after the PIN, for RSA-2048 (PSS in TLS 1.3) and P-256, TLS 1.2 and 1.3.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { insertCard, TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, type CreatedVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { CardTlsClient, OPENSC_PKCS11_MODULE } from '../../../main/identity/standard/card-tls.js';
import { pivAuthenticationKeyUri } from '../../../main/identity/standard/pkcs11-uri.js';
import { IdentityError } from '../../../main/identity/identity-error.js';
import { openPcscRig, closePcscRig, type PcscRig } from '../smartcard/pcsc-rig.js';
import { inserted, removed } from '../smartcard/reader-events.js';
import { startClientCertServer, type ClientCertServer, type ServerCert } from './server-cert.js';

const READER = 'Virtual PCD 00 01';
let rig: PcscRig | undefined;
let ca: CardCa;
let tls: ClientCertServer;
let serverCert: ServerCert;
let base: string;
/** What the server saw of each client certificate. */
const seen: { fingerprint: string; protocol: string; authorized: boolean }[] = [];

before(async () => {
  rig = await openPcscRig('lanyard-card-tls-', READER);
  ca = await createCardCa();
  tls = await startClientCertServer(ca.certificatePem, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerX509Certificate();
    seen.push({ fingerprint: peer?.fingerprint256 ?? '', protocol: socket.getProtocol() ?? '', authorized: socket.authorized });
    res.setHeader('set-cookie', 'session=abc; Path=/; HttpOnly');
    res.end(`hello ${peer?.subject.split('\n').find((l) => l.startsWith('serialNumber=')) ?? ''}`);
  });
  ({ serverCert, base } = tls);
});

after(async () => {
  await tls?.close();
  await closePcscRig(rig);
});

async function withCard(algorithm: 'rsa2048' | 'p256', fn: (card: CreatedVirtualCard) => Promise<void>): Promise<void> {
  if (!rig) throw new Error('no rig');
  const from = rig.events.mark();
  const made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm });
  const inCard = await insertCard(made.card, 1);
  try {
    await rig.events.next(inserted(READER), 5_000, from);
    await fn(made);
  } finally {
    const mark = rig.events.mark();
    inCard.close();
    await rig.events.next(removed(READER), 5_000, mark).catch(() => undefined);
  }
}

for (const algorithm of ['rsa2048', 'p256'] as const) {
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    test(`${algorithm} card signs the ${maxVersion} handshake after the PIN; the server sees its certificate`, async () => {
      await withCard(algorithm, async (card) => {
        const client = await CardTlsClient.open({
          certificateDer: card.issued.certificateDer, keyUri: pivAuthenticationKeyUri(card.uuid, TEST_PIN),
          modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca], maxVersion,
        });
        try {
          const before = seen.length;
          const answer = await client.request('GET', new URL('/hello', base), {}, undefined, 15_000);
          assert.equal(answer.status, 200);
          assert.equal(answer.body, `hello serialNumber=${TEST_HOLDER.userId}`);
          assert.deepEqual(answer.setCookie, ['session=abc; Path=/; HttpOnly']);
          assert.equal(answer.protocol, maxVersion);
          const fingerprint = new X509Certificate(card.issued.certificateDer).fingerprint256;
          assert.deepEqual(seen.slice(before), [{ fingerprint, protocol: maxVersion, authorized: true }]);
          // A second request reuses the connection: no second PIN login or signature.
          await client.request('GET', new URL('/again', base), {}, undefined, 15_000);
          assert.equal(seen.length, before + 2);
          assert.equal(card.card.triesLeft, 3);
        } finally {
          await client.close();
        }
      });
    });
  }
}

test('a wrong PIN fails once at the middleware (one try spent, no second attempt)', async () => {
  await withCard('p256', async (card) => {
    await assert.rejects(CardTlsClient.open({
      certificateDer: card.issued.certificateDer, keyUri: pivAuthenticationKeyUri(card.uuid, '999999'), modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca],
    }), (err: unknown) => err instanceof IdentityError && err.code === 'card-middleware' && !err.message.includes('999999'));
    assert.equal(card.card.triesLeft, 2);
  });
});

test('another certificate than the card\'s own key is refused before any handshake', async () => {
  const other = await createVirtualCard({ ca, holder: { userId: '555000000001', name: 'Someone Else' }, pin: TEST_PIN, algorithm: 'p256' });
  await withCard('p256', async (card) => {
    const before = seen.length;
    await assert.rejects(CardTlsClient.open({
      certificateDer: other.issued.certificateDer, keyUri: pivAuthenticationKeyUri(card.uuid, TEST_PIN), modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca],
    }), (err: unknown) => err instanceof IdentityError && err.code === 'card-middleware');
    assert.equal(seen.length, before);
  });
});

test('two readers, two cards: the handshake is signed by the card named (its token serial), each in turn', async () => {
  if (!rig) throw new Error('no rig');
  const other = await createVirtualCard({ ca, holder: { userId: '555000000002', name: 'Sam Jones' }, pin: TEST_PIN, algorithm: 'p256' });
  const from = rig.events.mark();
  const inOther = await insertCard(other.card, 0);
  try {
    await rig.events.next(inserted('Virtual PCD 00 00'), 5_000, from);
    await withCard('p256', async (card) => {
      for (const made of [card, other, card]) {
        const client = await CardTlsClient.open({
          certificateDer: made.issued.certificateDer, keyUri: pivAuthenticationKeyUri(made.uuid, TEST_PIN), modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca],
        });
        try {
          const before = seen.length;
          const answer = await client.request('GET', new URL(`${base}/who`), {}, undefined, 10_000);
          assert.equal(answer.status, 200);
          assert.equal(seen[before]?.fingerprint, new X509Certificate(Buffer.from(made.issued.certificateDer)).fingerprint256);
        } finally {
          await client.close();
        }
      }
    });
  } finally {
    const mark = rig.events.mark();
    inOther.close();
    await rig.events.next(removed('Virtual PCD 00 00'), 5_000, mark).catch(() => undefined);
  }
});
