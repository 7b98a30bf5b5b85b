/**
 * npm run virtual-card -- [--port 35963] [--pin 123456] [--key rsa2048|p256]
 *   [--cert FILE --key-file FILE] [--uuid UUID] [--state FILE] [--name NAME] [--user-id ID]
 *   [--ca-out FILE] [--tries N] [--link quickack|tcp] [--no-card-auth]
 *
 * A conforming virtual PIV card inserted into pcscd's vpcd reader. stdin: `pull`, `insert`,
 * `unblock` (reset the PIN retry counter, as a registration authority would), `quit`;
 * SIGUSR1 pulls the card and puts it back a second later. Without --cert it makes its own card CA
 * and certificate and writes the CA certificate (PEM) to a file it names, so a relying party can
 * trust it. The card has a Card Authentication key (slot 9E, no PIN) from the same CA, or from a
 * CA of its own when --cert is given; --no-card-auth makes a card without one (every resume then
 * needs the PIN).
 */
import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { guidFromUuid } from '../piv/piv-profile.js';
import { loadCardKey } from './card-key.js';
import { createCardCa, issueCardCertificate, type CardCa } from './card-pki.js';
import { createCardAuthentication } from './create-virtual-card.js';
import { filePinCounter } from './file-pin-counter.js';
import { VirtualPivCard } from './virtual-piv-card.js';
import { VpcdClient, VPCD_DEFAULT_PORT } from './vpcd-client.js';

const REINSERT_DELAY_MS = 1000;
const USAGE = `usage: npm run virtual-card -- [--port 35963] [--pin 123456] [--key rsa2048|p256]
  [--cert FILE --key-file FILE] [--uuid UUID] [--state FILE] [--name NAME] [--user-id ID]
  [--ca-out FILE] [--tries N] [--link quickack|tcp] [--no-card-auth]
stdin: pull | insert | unblock | quit      SIGUSR1: pull, then insert again after a second
`;

function say(line: string): void {
  process.stdout.write(`virtual-card: ${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`virtual-card: ${message}\n`);
  process.exit(2);
}

/** PEM or DER → DER bytes. */
function readDer(path: string, label: 'certificate' | 'key'): Uint8Array {
  const raw = readFileSync(path);
  if (label === 'certificate') return new Uint8Array(new X509Certificate(raw).raw);
  const key = createPrivateKey(raw.includes('-----BEGIN') ? raw : { key: raw, format: 'der', type: 'pkcs8' });
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(VPCD_DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      pin: { type: 'string', default: '123456' },
      key: { type: 'string', default: 'p256' },
      cert: { type: 'string' },
      'key-file': { type: 'string' },
      uuid: { type: 'string' },
      state: { type: 'string' },
      name: { type: 'string', default: 'Virtual Card Holder' },
      'user-id': { type: 'string', default: '999000000001' },
      'ca-out': { type: 'string' },
      tries: { type: 'string', default: '3' },
      link: { type: 'string' },
      'no-card-auth': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`--port ${values.port} is not a port`);
  if (!/^\d{6,8}$/.test(values.pin)) fail('--pin must be 6 to 8 digits (PIV)');
  if (values.key !== 'rsa2048' && values.key !== 'p256') fail('--key is rsa2048 or p256');
  if (Boolean(values.cert) !== Boolean(values['key-file'])) fail('--cert and --key-file go together');
  const link = values.link;
  if (link !== undefined && link !== 'tcp' && link !== 'quickack') fail('--link is quickack or tcp');
  const tries = Number(values.tries);
  if (!Number.isInteger(tries) || tries < 1 || tries > 15) fail('--tries is 1 to 15');
  const uuid = values.uuid ?? randomUUID();

  let certificateDer: Uint8Array;
  let privateKeyPkcs8: Uint8Array;
  let ca: CardCa;
  if (values.cert && values['key-file']) {
    certificateDer = readDer(values.cert, 'certificate');
    privateKeyPkcs8 = readDer(values['key-file'], 'key');
    ca = await createCardCa({ name: 'Lanyard virtual card authentication' }); // only certifies the 9E key
  } else {
    ca = await createCardCa();
    const issued = await issueCardCertificate(ca, { userId: values['user-id'], name: values.name }, { algorithm: values.key });
    certificateDer = issued.certificateDer;
    privateKeyPkcs8 = issued.privateKeyPkcs8;
    const caPath = values['ca-out'] ?? join(tmpdir(), `lanyard-virtual-card-ca-${uuid.slice(0, 8)}.pem`);
    writeFileSync(caPath, ca.certificatePem);
    say(`CA certificate written to ${caPath}`);
  }
  const key = loadCardKey(privateKeyPkcs8);
  const guid = guidFromUuid(uuid);
  const cardAuthentication = values['no-card-auth'] ? undefined : await createCardAuthentication(ca, guid, key.algorithm);
  const card = new VirtualPivCard({
    pin: values.pin, certificateDer, key, guid, holderName: values.name, maxTries: tries,
    ...(values.state ? { counter: filePinCounter(values.state) } : {}),
    ...(cardAuthentication ? { cardAuthentication } : {}),
  });
  const client = new VpcdClient(card, { host: values.host, port, ...(link ? { link } : {}) });
  const slots = cardAuthentication ? '9A + 9E card authentication' : '9A only, no card authentication key';
  say(`card ${uuid} (${key.algorithm}, ${slots}), link ${client.linkKind}, ${card.triesLeft} PIN tries left`);
  client.on('inserted', () => say(`inserted into vpcd at ${values.host}:${port}`));
  client.on('disconnected', () => say('removed'));
  client.on('error', (err: Error) => say(`connection error: ${err.message}`));

  let quitting = false;
  const quit = (): void => {
    if (quitting) return;
    quitting = true;
    client.close();
    say('bye');
    process.exit(0);
  };
  const waiting = setTimeout(() => { if (!client.inserted) say(`waiting for vpcd at ${values.host}:${port} (is pcscd running?)`); }, 1500);
  waiting.unref();
  void client.insert();

  process.on('SIGUSR1', () => {
    client.pull();
    setTimeout(() => void client.insert(), REINSERT_DELAY_MS);
  });
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    if (command === 'pull') client.pull();
    else if (command === 'insert') void client.insert();
    else if (command === 'quit') quit();
    else if (command === 'unblock') { card.resetRetryCounter(); say(`PIN unblocked: ${card.triesLeft} tries`); } // what a registration authority does
    else if (command) say(`unknown command "${command}" (pull, insert, unblock, quit)`);
  });
  // stdin closing (e.g. run from a script without input) does not end the card; signals do.
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
