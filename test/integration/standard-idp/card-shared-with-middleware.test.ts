/**
 * Lanyard's own PC/SC session on a card stays usable while, and after, OpenSC signs a TLS handshake
 * with the same card in another process (shared mode). When that process dies with the card in
 * its hands (the sign-in was aborted: card pulled elsewhere, lock), pcscd resets the card so
 * nobody inherits its verified PIN; Lanyard reconnects, knows the PIN is no longer verified, and
 * the card's no-PIN key (9E) still proves it for a resume.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { verifyCardAuthentication } from '../../../main/auth/smartcard/card-authentication.js';
import { TEST_HOLDER, TEST_PIN } from '../../fixtures/vpcd-card.js';
import { createCardCa, type CardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { CardTlsClient, OPENSC_PKCS11_MODULE } from '../../../main/identity/standard/card-tls.js';
import { pivAuthenticationKeyUri } from '../../../main/identity/standard/pkcs11-uri.js';
import type { CardCredential } from '../../../main/core/ports/card-credential.js';
import { isCardError } from '../../../main/core/card-error.js';
import { openPcscRig, closePcscRig, type PcscRig } from '../smartcard/pcsc-rig.js';
import { withTappedCard } from '../smartcard/tapped-card.js';
import { startClientCertServer, type ClientCertServer, type ServerCert } from './server-cert.js';

const READER = 'Virtual PCD 00 01';
const run = promisify(execFile);
let rig: PcscRig | undefined;
let ca: CardCa;
let tls: ClientCertServer;
let serverCert: ServerCert;
let base: string;

before(async () => {
  rig = await openPcscRig('lanyard-card-shared-', READER);
  ca = await createCardCa();
  tls = await startClientCertServer(ca.certificatePem, (_req, res) => res.end('signed in'));
  ({ serverCert, base } = tls);
});

after(async () => {
  await tls?.close();
  await closePcscRig(rig);
});

/** The card proves itself with its 9E key, no PIN: what a grace resume asks of it. */
async function provesPossession(credential: CardCredential): Promise<boolean> {
  assert.ok(credential.cardAuthentication, 'the card has a Card Authentication key');
  return verifyCardAuthentication(credential.cardAuthentication, new Uint8Array(randomBytes(32)));
}

for (const algorithm of ['p256', 'rsa2048'] as const) {
  test(`${algorithm}: after OpenSC signed the handshake and closed, Lanyard's session on the card still proves it and reads its PIN state`, async () => {
    const made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm });
    await withTappedCard(rig, READER, made, async (credential) => {
      const client = await CardTlsClient.open({
        certificateDer: made.issued.certificateDer, keyUri: pivAuthenticationKeyUri(made.uuid, TEST_PIN),
        modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca],
      });
      try {
        assert.equal((await client.request('GET', new URL('/', base), {}, undefined, 15_000)).status, 200);
        // Meanwhile, in shared mode, Lanyard's own session answers too.
        assert.ok(await provesPossession(credential));
      } finally {
        await client.close();
      }
      assert.ok(await provesPossession(credential), 'the card still proves itself once the middleware has gone');
      const tries = await credential.pinTriesLeft();
      assert.ok(tries === null || tries === 3, `PIN state read (${tries})`);
      assert.equal(made.card.triesLeft, 3);
    });
  });
}

test('the middleware killed with the card in its hands: Lanyard\'s session on the card carries on', async () => {
  const made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256' });
  await withTappedCard(rig, READER, made, async (credential) => {
    const abort = new AbortController();
    const client = await CardTlsClient.open({
      certificateDer: made.issued.certificateDer, keyUri: pivAuthenticationKeyUri(made.uuid, TEST_PIN),
      modulePath: OPENSC_PKCS11_MODULE, ca: [serverCert.ca], signal: abort.signal,
    });
    assert.equal((await client.request('GET', new URL('/', base), {}, undefined, 15_000)).status, 200);
    abort.abort(new Error('card pulled elsewhere')); // SIGKILL: the process never lets go of the card itself
    await client.close(); // resolves once the process has gone
    assert.ok(await provesPossession(credential), 'the card proves itself after the middleware died');
    assert.equal(made.card.triesLeft, 3);
  });
});

test('another program resets the card (its verified PIN goes): Lanyard reconnects, says the PIN is not verified, 9E still proves the card, the PIN verifies again', async () => {
  const made = await createVirtualCard({ ca, holder: TEST_HOLDER, pin: TEST_PIN, algorithm: 'p256' });
  await withTappedCard(rig, READER, made, async (credential) => {
    await credential.verifyPin(TEST_PIN);
    assert.equal(await credential.pinTriesLeft(), null, 'verified on Lanyard\'s side');
    // OpenSC's own tool, as any other program on the PC might: SCardReconnect with SCARD_RESET_CARD.
    // (Asynchronously: the virtual card answers from this very process.)
    await run('opensc-tool', ['--reader', String(await readerIndex(READER)), '--reset=warm'], { timeout: 20_000 });
    assert.ok(await provesPossession(credential), 'the reset card proves itself after a reconnect');
    assert.equal(await credential.pinTriesLeft(), 3, 'the reset cleared the verified PIN, and Lanyard says so');
    await credential.verifyPin(TEST_PIN);
    assert.equal(await credential.pinTriesLeft(), null);
    // A signature that needs the PIN, asked for after another reset, says so instead of failing obscurely.
    await run('opensc-tool', ['--reader', String(await readerIndex(READER)), '--reset=warm'], { timeout: 20_000 });
    await assert.rejects(credential.sign(new Uint8Array(32)), (error: unknown) => isCardError(error, 'card-reset'));
    await credential.verifyPin(TEST_PIN);
    assert.ok((await credential.sign(new Uint8Array(32))).length > 0);
    assert.equal(made.card.triesLeft, 3);
  });
});

/** opensc-tool's reader number for `name` (its --list-readers order). */
async function readerIndex(name: string): Promise<number> {
  const list = (await run('opensc-tool', ['--list-readers'], { timeout: 20_000 })).stdout;
  const line = list.split('\n').find((l) => l.includes(name));
  assert.ok(line, `opensc-tool lists ${name}: ${list}`);
  return Number(/^\s*(\d+)/.exec(line)?.[1]);
}
