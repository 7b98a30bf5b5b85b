/** Which policy Lanyard starts with, or why it must not: real files in a temporary folder. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePolicy, policyFromFile, NOT_SET_UP, type ResolveInput } from '../../../main/policy/resolve.js';
import { loadPolicy } from '../../../main/policy/load.js';
import { POLICY_KEY } from '../../../main/policy/windows-registry.js';
import { minimalPolicy } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-resolve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function policyFile(name: string, station: string): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ ...minimalPolicy(), station: { name: station } }));
  return file;
}
const machine = policyFile('machine.json', 'IT machine policy');
const mine = policyFile('mine.json', 'launcher policy');
const other = policyFile('other.json', 'env policy');
const missing = join(dir, 'no-such', 'policy.json');
const folder = join(dir, 'folder.json');
mkdirSync(folder);
const loop = join(dir, 'loop.json');
symlinkSync(loop, loop);
const broken = join(dir, 'broken.json');
writeFileSync(broken, '{ "version": 1,');

const base: ResolveInput = { argv: [], env: {}, packaged: false, demoRequested: false, machineFile: missing };
const resolve = (over: Partial<ResolveInput>) => resolvePolicy({ ...base, ...over });
const station = (r: Awaited<ReturnType<typeof resolvePolicy>>) => (r.kind === 'policy' ? `${r.policy.station.name} from ${r.source}` : r.kind);

test('checkout: --policy, then LANYARD_POLICY, come before the machine policy', async () => {
  assert.equal(station(await resolve({ machineFile: machine, argv: ['--policy', mine], env: { LANYARD_POLICY: other } })), `launcher policy from ${mine}`);
  assert.equal(station(await resolve({ machineFile: machine, argv: [`--policy=${mine}`] })), `launcher policy from ${mine}`);
  assert.equal(station(await resolve({ machineFile: machine, env: { LANYARD_POLICY: other } })), `env policy from ${other}`);
  assert.equal(station(await resolve({ machineFile: machine, env: { LANYARD_POLICY: '' } })), `IT machine policy from ${machine}`);
});

test('a named policy file that does not exist is an error, never demo mode', async () => {
  const r = await resolve({ argv: ['--policy', missing], demoRequested: true });
  assert.equal(r.kind, 'unreadable');
  assert.match(r.kind === 'unreadable' ? r.message : '', /cannot start: .*no-such\/policy\.json cannot be read \(ENOENT: no such file or directory\)/);
  const bare = await resolve({ argv: ['--policy'], demoRequested: true });
  assert.deepEqual([bare.kind, bare.kind === 'invalid' && bare.problems[0]?.message], ['invalid', '--policy needs a file name']);
});

test('no policy anywhere: demo only when asked for and not packaged; otherwise "not set up"', async () => {
  assert.equal((await resolve({ demoRequested: true })).kind, 'demo');
  assert.deepEqual(await resolve({}), { kind: 'not-set-up', message: NOT_SET_UP });
  assert.deepEqual(await resolve({ demoRequested: true, packaged: true }), { kind: 'not-set-up', message: NOT_SET_UP });
  assert.equal(NOT_SET_UP, 'This PC is not set up for Lanyard: ask IT.');
});

test('a machine policy that exists but cannot be read stops start-up, naming the file and the error', async () => {
  const folderResult = await resolve({ machineFile: folder, demoRequested: true });
  assert.deepEqual(folderResult.kind === 'unreadable' && [folderResult.source, folderResult.error], [folder, 'EISDIR: illegal operation on a directory']);
  assert.equal(folderResult.kind === 'unreadable' && folderResult.message,
    `Lanyard cannot start: ${folder} cannot be read (EISDIR: illegal operation on a directory). It is a folder, not a file: ask IT to put the policy file there.`);
  const loopResult = await resolve({ machineFile: loop, demoRequested: true, packaged: true });
  assert.match(loopResult.kind === 'unreadable' ? loopResult.error : loopResult.kind, /^ELOOP: /);
  const underFile = await resolve({ machineFile: join(machine, 'policy.json'), demoRequested: true });
  assert.match(underFile.kind === 'unreadable' ? underFile.error : underFile.kind, /^ENOTDIR: /);
});

test('a machine policy no one may read (chmod 000) stops start-up with EACCES and the advice to check permissions', () => {
  const locked = join(mkdtempSync(join(tmpdir(), 'lanyard-eacces-')), 'policy.json');
  after(() => rmSync(join(locked, '..'), { recursive: true, force: true }));
  writeFileSync(locked, JSON.stringify(minimalPolicy()));
  chmodSync(join(locked, '..'), 0o755);
  chmodSync(locked, 0o000);
  // Root reads through mode 000, so the check runs as an unprivileged user, as Lanyard does on a PC.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const resolveTs = fileURLToPath(new URL('../../../main/policy/resolve.ts', import.meta.url));
  const code = `import(${JSON.stringify(resolveTs)}).then((m) => m.resolvePolicy({ argv: [], env: {}, packaged: true, demoRequested: true, machineFile: ${JSON.stringify(locked)} })).then((r) => console.log(JSON.stringify(r)))`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 30_000, ...asUser });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    kind: 'unreadable', source: locked, error: 'EACCES: permission denied',
    message: `Lanyard cannot start: ${locked} cannot be read (EACCES: permission denied). Ask IT to check the file's permissions.`,
  });
});

test('an invalid machine policy is reported with each problem, demo or not', async () => {
  const r = await resolve({ machineFile: broken, demoRequested: true });
  assert.equal(r.kind, 'invalid');
  assert.match(r.kind === 'invalid' ? r.message : '', /machine policy in .*broken\.json is not valid\.\n {2}- \(file\): is not valid JSON/);
});

test('packaged: the machine policy wins, and --policy / LANYARD_POLICY are refused with a reason to audit', async () => {
  const viaFlag = await resolve({ packaged: true, machineFile: machine, argv: ['--policy', mine] });
  assert.equal(station(viaFlag), `IT machine policy from ${machine}`);
  assert.equal(viaFlag.kind === 'policy' && viaFlag.refusedOverride?.source, mine);
  assert.match(viaFlag.kind === 'policy' ? viaFlag.refusedOverride?.message ?? '' : '', /--policy .*mine\.json is not accepted by an installed Lanyard/);
  const viaEnv = await resolve({ packaged: true, machineFile: machine, env: { LANYARD_POLICY: other } });
  assert.equal(station(viaEnv), `IT machine policy from ${machine}`);
  assert.match(viaEnv.kind === 'policy' ? viaEnv.refusedOverride?.message ?? '' : '', /LANYARD_POLICY=/);
  // No machine policy: the override still does not count, and nothing of demo mode starts.
  const none = await resolve({ packaged: true, demoRequested: true, argv: ['--policy', mine] });
  assert.deepEqual(none.kind === 'override-refused' && none.source, mine);
  assert.match(none.kind === 'override-refused' ? none.message : '', /not accepted by an installed Lanyard.*This PC is not set up for Lanyard: ask IT\./);
  // A broken machine policy is still the machine's problem to report, with the refusal noted.
  const bad = await resolve({ packaged: true, machineFile: broken, argv: ['--policy', mine] });
  assert.equal(bad.kind, 'invalid');
  assert.match(bad.kind === 'invalid' ? bad.message : '', /not accepted by an installed Lanyard/);
  // Not packaged, the same override is used.
  assert.equal(station(await resolve({ machineFile: machine, argv: ['--policy', mine] })), `launcher policy from ${mine}`);
});

test('Windows: the registry is the machine policy; an unreadable registry stops start-up; no C:\\etc fallback', async () => {
  const json = JSON.stringify({ ...minimalPolicy(), station: { name: 'from registry' } });
  const fromRegistry = await resolve({ packaged: true, readMachinePolicy: () => Promise.resolve({ source: `${POLICY_KEY}\\PolicyJson`, json }) });
  assert.equal(station(fromRegistry), `from registry from ${POLICY_KEY}\\PolicyJson`);
  const failing = await resolvePolicy({ argv: [], env: {}, packaged: true, demoRequested: false, readMachinePolicy: () => Promise.reject(new Error('reg query failed: access is denied')) });
  assert.deepEqual(failing.kind === 'unreadable' && [failing.source, failing.message], [POLICY_KEY, 'Lanyard cannot start: reg query failed: access is denied']);
  const nothing = await resolvePolicy({ argv: [], env: {}, packaged: true, demoRequested: false, readMachinePolicy: () => Promise.resolve(null) });
  assert.equal(nothing.kind, 'not-set-up');
});

test('policyFromFile (what --check-policy reports) names read errors', async () => {
  assert.equal((await policyFromFile(machine)).kind, 'policy');
  const r = await policyFromFile(folder);
  assert.equal(r.kind === 'unreadable' && r.error, 'EISDIR: illegal operation on a directory');
});

test('loadPolicy (the loader start-up uses today) refuses an unreadable policy instead of starting demo mode', async () => {
  const r = await loadPolicy({ machineFile: folder });
  assert.equal(r.kind, 'invalid');
  assert.deepEqual(r.kind === 'invalid' && r.problems, [{ path: '(file)', message: 'cannot be read (EISDIR: illegal operation on a directory)' }]);
  assert.equal((await loadPolicy({ machineFile: missing })).kind, 'demo');
  assert.equal((await loadPolicy({ machineFile: machine })).kind, 'policy');
});
