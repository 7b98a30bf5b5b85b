/**
 * npm run idp -- --trust-ca FILE [--trust-ca FILE …] [--crl FILE …] [--allow-ca-without-crl]
 *                [--directory FILE] [--port N] [--certauth-port N] [--profile reference|standard] [--write-policy FILE]
 * npm run idp -- --help   the usage (a wrong option or value prints it too, exit 2)
 * Runs the reference identity provider and the demo apps on loopback, trusting the given card CAs,
 * and can write a machine policy for them, so Lanyard can be tried with a smartcard policy (a real
 * reader, or `npm run virtual-card`) on a machine whose trust has no provider yet. `--profile
 * standard` writes a policy for the standard profile: card sign-in at the certauth listener.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { consoleLog } from '../app/console-log.js';
import { startDemoEnvironment } from './demo-environment.js';

const USAGE = `Usage: npm run idp -- --trust-ca FILE [--trust-ca FILE …] [--crl FILE … | --allow-ca-without-crl]
                      [--directory FILE] [--port N] [--certauth-port N] [--profile reference|standard] [--write-policy FILE]
  --trust-ca FILE          PEM of a CA that issued the cards (npm run virtual-card writes one); required
  --crl FILE               that CA's revocation list (PEM); or --allow-ca-without-crl to run without one
  --directory FILE         the users (JSON) instead of the demo directory
  --port N                 the provider's port (0, the default: any free port)
  --certauth-port N        the certificate endpoint's port (0: any free port)
  --profile P              the policy --write-policy writes: reference (default) or standard
  --write-policy FILE      write a machine policy for this provider and its demo apps
  --help                   this text
`;

const OPTIONS = {
  'trust-ca': { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
  'allow-ca-without-crl': { type: 'boolean', default: false },
  directory: { type: 'string' },
  port: { type: 'string', default: '0' },
  'certauth-port': { type: 'string', default: '0' },
  profile: { type: 'string', default: 'reference' },
  'write-policy': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>> {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (error) {
    // parseArgs' own message ends with advice about '--' that does not apply here.
    const message = String((error as Error).message).split(/\.?\s*To specify/)[0]!.replace(/\s*\n\s*/g, ' ');
    return fail(/[.?]$/.test(message) ? message : `${message}.`);
  }
}

/** A port number as typed (digits only: Number('') is 0 and Number('0x50') is 80), or a sentence. */
function portOption(name: string, value: string | undefined): number {
  const port = /^\d{1,5}$/.test(value ?? '') ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) fail(`--${name} ${value ?? ''} is not a port: give a number from 0 (any free port) to 65535.`);
  return port;
}

const { values } = parseCommandLine();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const caFiles = values['trust-ca'] ?? [];
if (caFiles.length === 0) fail('--trust-ca is required: the PEM of the CA that issued the cards (npm run virtual-card writes one).');
const port = portOption('port', values.port);
const certauthPort = portOption('certauth-port', values['certauth-port']);
if (values.profile !== 'reference' && values.profile !== 'standard') fail(`--profile ${values.profile} is neither reference nor standard.`);

const read = (f: string) => readFile(f, 'utf8').catch((error: unknown) => fail(`${f} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`));
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
