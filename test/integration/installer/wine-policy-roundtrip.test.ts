/**
 * The deployment round trip on a real Windows registry (wine's): the MSI installed with its public
 * properties by `wine msiexec /i … /qn`, Group Policy values written the way lanyard.admx defines
 * them (`wine reg add`, one per setting, its registry type from the template), and the Windows
 * registry reader given `wine reg query`'s own output: the policy it produces is the one IT set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readWindowsMachinePolicy } from '../../../main/policy/windows-registry.js';
import { validatePolicy } from '../../../main/core/policy/validate.js';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';
import { createCardCa } from '../../../main/auth/smartcard/virtual/card-pki.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const KEY = 'HKLM\\SOFTWARE\\Policies\\Lanyard';
const run = promisify(execFile);

let work: string;
let prefix: string;
const env = (): NodeJS.ProcessEnv => ({
  ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '',
});
const wine = async (...args: string[]): Promise<string> => (await run('wine', args, { env: env(), timeout: 120_000 })).stdout;

/** Only what lanyard.admx says this setting's value is: the test reads the template, not the code. */
function admxValueType(valueName: string): 'REG_DWORD' | 'REG_SZ' | 'REG_MULTI_SZ' {
  const admx = readFileSync(path.join(ROOT, 'build/admx/lanyard.admx'), 'utf8');
  const policy = new RegExp(`<policy name="${valueName}"[\\s\\S]*?</policy>`).exec(admx)?.[0];
  assert.ok(policy, `lanyard.admx has no policy ${valueName}`);
  if (/<enabledValue><decimal/.test(policy) || /<decimal /.test(policy)) return 'REG_DWORD';
  if (/<multiText /.test(policy)) return 'REG_MULTI_SZ';
  return 'REG_SZ';
}

const CA = (await createCardCa({ name: 'Trust card CA' })).certificatePem.trim();
const FILE_POLICY = {
  version: 1, station: { name: 'from the file' },
  identityProvider: { issuer: 'https://sso.trust.example', clientId: 'lanyard' },
  trustedCardCAs: [CA],
  apps: [{ id: 'epr', name: 'Patient record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
};
const ROTA = { id: 'rota', name: 'Staff rota', url: 'https://rota.trust.example/', allowedOrigins: ['https://rota.trust.example'], signIn: 'none' };

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'lanyard-wine-'));
  prefix = path.join(work, 'prefix');
  const app = path.join(work, 'win-unpacked');
  mkdirSync(path.join(app, 'resources'), { recursive: true });
  writeFileSync(path.join(app, 'Lanyard.exe'), 'MZ fake exe');
  writeFileSync(path.join(app, 'resources', 'app.asar'), 'fake asar');
  execFileSync('bash', [path.join(ROOT, 'scripts/build-msi.sh'), app, path.join(work, 'Lanyard.msi')], { stdio: 'pipe' });
  await wine('wineboot', '--init');
  mkdirSync(path.join(prefix, 'drive_c', 'ProgramData', 'Lanyard'), { recursive: true });
  writeFileSync(path.join(prefix, 'drive_c', 'ProgramData', 'Lanyard', 'policy.json'), JSON.stringify(FILE_POLICY));
});

after(async () => {
  await run('wineserver', ['-k'], { env: env() }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

test('MSI properties, then ADMX values by reg add, read back through reg query as the policy IT set', async () => {
  await wine('msiexec', '/i', path.join(work, 'Lanyard.msi'), '/qn',
    'POLICYFILE=C:\\ProgramData\\Lanyard\\policy.json', 'STATIONNAME=Ward 7 Bay 2');
  assert.match(await wine('reg', 'query', KEY, '/v', 'PolicyFile', '/reg:64'), /PolicyFile\s+REG_SZ\s+C:\\ProgramData\\Lanyard\\policy\.json/);

  const gpo: [string, string][] = [
    ['SessionIdleTimeoutSeconds', '900'],
    ['SessionOnCardRemoval', 'logout'],
    ['AuthenticatorsFido', '1'],
    ['AuditSyslogHost', 'syslog.trust.example'],
    ['AuditSyslogPort', '514'],
    ['Apps', JSON.stringify([ROTA], null, 1).split('\n').join('\\0')],
  ];
  for (const [name, data] of gpo) await wine('reg', 'add', KEY, '/v', name, '/t', admxValueType(name), '/d', data, '/f', '/reg:64');

  const output = await wine('reg', 'query', KEY, '/reg:64');
  const found = await readWindowsMachinePolicy({
    query: async () => output,
    // C:\ is the prefix's drive_c: read the file the registry names, where wine keeps it.
    readText: async (file) => readFileSync(path.join(prefix, 'drive_c', file.replace(/^C:\\/i, '').split('\\').join('/')), 'utf8'),
    env: {},
  });
  assert.ok(found, 'the reader found no policy');
  const parsed = parsePolicyText(found.source, found.json);
  assert.equal(parsed.kind, 'policy', JSON.stringify(parsed));
  if (parsed.kind !== 'policy') return;
  // What IT set, with the schema's defaults for everything it did not (validated the same way).
  const intended = validatePolicy({
    ...FILE_POLICY,
    station: { name: 'Ward 7 Bay 2' },
    apps: [ROTA],
    authenticators: { smartcard: true, fido: true },
    session: { onCardRemoval: 'logout', onKeyRemoval: 'lock', resumeWith: 'any-method', pinGraceSeconds: 0, idleTimeoutSeconds: 900,
      idleWarningSeconds: 30, suspendedTimeoutSeconds: 3600, maxSuspendedUsers: 5, lockScreenShows: 'initials' },
    audit: { maxBytes: 10485760, syslog: { host: 'syslog.trust.example', port: 514, protocol: 'udp' } },
  });
  assert.ok(intended.ok, JSON.stringify(intended));
  if (!intended.ok) return;
  assert.deepEqual(parsed.policy, intended.policy);

  // A value of the wrong type, as a hand-edited registry might hold: an error, never skipped.
  await wine('reg', 'add', KEY, '/v', 'SessionIdleTimeoutSeconds', '/t', 'REG_SZ', '/d', '900', '/f', '/reg:64');
  const wrong = await wine('reg', 'query', KEY, '/reg:64');
  await assert.rejects(readWindowsMachinePolicy({ query: async () => wrong, readText: async () => JSON.stringify(FILE_POLICY), env: {} }),
    /SessionIdleTimeoutSeconds is REG_SZ, but must be REG_DWORD/);
});
