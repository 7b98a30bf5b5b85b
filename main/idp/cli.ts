/**
 * npm run idp -- --trust-ca FILE [--trust-ca FILE …] [--crl FILE …] [--allow-ca-without-crl]
 *                [--directory FILE] [--port N] [--certauth-port N] [--profile reference|standard] [--write-policy FILE]
 * Runs the reference identity provider and the demo apps on loopback, trusting the given card CAs,
 * and can write a machine policy for them, so Lanyard can be tried with a smartcard policy (a real
 * reader, or `npm run virtual-card`) on a machine whose trust has no provider yet. `--profile
 * standard` writes a policy for the standard profile: card sign-in at the certauth listener.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { consoleLog } from '../app/console-log.js';
import { startDemoEnvironment } from './demo-environment.js';

const { values } = parseArgs({
  options: {
    'trust-ca': { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    'allow-ca-without-crl': { type: 'boolean', default: false },
    directory: { type: 'string' },
    port: { type: 'string', default: '0' },
    'certauth-port': { type: 'string', default: '0' },
    profile: { type: 'string', default: 'reference' },
    'write-policy': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run idp -- --trust-ca FILE [--crl FILE | --allow-ca-without-crl] [--directory FILE] [--port N] [--certauth-port N] [--profile reference|standard] [--write-policy FILE]\n`);
  process.exit(2);
}

const caFiles = values['trust-ca'] ?? [];
if (caFiles.length === 0) fail('--trust-ca is required: the PEM of the CA that issued the cards (npm run virtual-card writes one).');
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port`);
const certauthPort = Number(values['certauth-port']);
if (!Number.isInteger(certauthPort) || certauthPort < 0 || certauthPort > 65535) fail(`--certauth-port ${values['certauth-port']} is not a port`);
if (values.profile !== 'reference' && values.profile !== 'standard') fail(`--profile ${values.profile} is neither reference nor standard`);

const read = (f: string) => readFile(f, 'utf8').catch(() => fail(`cannot read ${f}`));
const trustedCaPems = await Promise.all(caFiles.map(read));
const crlPems = await Promise.all((values.crl ?? []).map(read));
const log = consoleLog('idp');
const env = await startDemoEnvironment({
  trustedCaPems, ...(crlPems.length ? { crlPems } : {}), allowCasWithoutRevocation: values['allow-ca-without-crl'] === true, ...(values.directory ? { directory: values.directory } : {}),
  idpPort: port, certauthPort, log,
});

const policy = {
  version: 1,
  station: { name: 'Test workstation' },
  identityProvider: values.profile === 'standard' ? env.standard.policy : { issuer: env.issuer, clientId: env.shellClient.clientId },
  trustedCardCAs: trustedCaPems,
  authenticators: { smartcard: true, fido: false },
  apps: env.apps,
};
if (values['write-policy']) await writeFile(values['write-policy'], `${JSON.stringify(policy, null, 2)}\n`);
process.stdout.write(`identity provider: ${env.issuer} (certauth ${env.standard.certificateHost})\n${env.apps.map((a) => `app ${a.id}: ${a.url}`).join('\n')}\n`
  + (values['write-policy'] ? `policy written to ${values['write-policy']}: npm start -- --policy ${values['write-policy']}\n` : '')
  + 'Ctrl+C stops it.\n');
const stop = () => { void env.close().finally(() => process.exit(0)); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
