/** `npm run idp` and `npm run fuzz` as a person types them: --help, and a sentence with the usage
 * (exit 2, no stack trace) for a wrong option or value, never a run with a meaningless number. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function run(script: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });
}

const NO_STACK = /TypeError|Error \[ERR_|at .*\.ts:\d+|node:internal/;

test('npm run idp -- --help prints the usage; a wrong option or value gets a sentence and the usage, exit 2', () => {
  const help = run('main/idp/cli.ts', ['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: npm run idp -- --trust-ca FILE/);
  assert.match(help.stdout, /--port N {2,}the provider's port/);
  const cases: [string[], RegExp][] = [
    [['--bogus'], /^Unknown option '--bogus'\.$/m],
    [['--trust-ca'], /^Option '--trust-ca <value>' argument missing\.$/m],
    [['--port', '80'], /^--trust-ca is required/m],
    [['--trust-ca', 'ca.pem', '--port', 'abc'], /^--port abc is not a port: give a number from 0 \(any free port\) to 65535\.$/m],
    [['--trust-ca', 'ca.pem', '--certauth-port', '0x50'], /^--certauth-port 0x50 is not a port/m],
    [['--trust-ca', 'ca.pem', '--port', '70000'], /^--port 70000 is not a port/m],
    [['--trust-ca', '/nonexistent/ca.pem'], /^\/nonexistent\/ca\.pem cannot be read \(ENOENT\)\.$/m],
  ];
  for (const [args, sentence] of cases) {
    const r = run('main/idp/cli.ts', args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, sentence, args.join(' '));
    assert.match(r.stderr, /\n\nUsage: npm run idp -- /);
    assert.doesNotMatch(r.stderr, NO_STACK);
  }
});

test('npm run fuzz -- --help prints the usage; runs, seed and limits must be whole numbers (runs >= 1), else exit 2', () => {
  const help = run('test/fuzz/run.ts', ['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: npm run fuzz -- /);
  assert.match(help.stdout, /--target {2,}which targets \(default all\): piv-tlv/);
  const cases: [string[], RegExp][] = [
    [['--runs', 'abc'], /^fuzz: --runs abc is not a whole number of at least 1\.$/m],
    [['--runs', '0'], /^fuzz: --runs 0 is not a whole number of at least 1\.$/m],
    [['--runs=-1'], /^fuzz: --runs -1 is not a whole number of at least 1\.$/m],
    [['--runs', '-1'], /^fuzz: Option '--runs' argument is ambiguous\./m],
    [['--runs', '2.5'], /^fuzz: --runs 2\.5 is not a whole number/m],
    [['--seed', 'x', '--runs', '1'], /^fuzz: --seed x is not a whole number/m],
    [['--budget-ms', ''], /^fuzz: --budget-ms '' is not a whole number of at least 1\.$/m],
    [['--max-growth-mb', 'lots'], /^fuzz: --max-growth-mb lots is not a whole number/m],
    [['--target', 'nope'], /^fuzz: unknown target nope; targets: /m],
    [['--bogus'], /^fuzz: Unknown option '--bogus'\.$/m],
  ];
  for (const [args, sentence] of cases) {
    const r = run('test/fuzz/run.ts', args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, sentence, args.join(' '));
    assert.match(r.stderr, /\n\nUsage: npm run fuzz -- /);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.equal(r.stdout, '', `${args.join(' ')} ran something`);
  }
  const one = run('test/fuzz/run.ts', ['--target', 'policy', '--runs', '5', '--seed', '7']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /^policy: ok — 5 inputs .*\(seed 7\)$/m);
});
