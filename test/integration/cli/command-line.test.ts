/** The command line as a person types it: --help prints the usage; a mistyped option, a missing
 * value or an unknown command says what is wrong in a sentence, shows the usage and exits 2, never a
 * stack trace, and starts nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function lanyard(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('--help and -h print the usage and exit 0', () => {
  for (const flag of ['--help', '-h']) {
    const r = lanyard([flag]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: lanyard/);
    assert.match(r.stdout, /--check-policy FILE/);
  }
});

test('a wrong option, a missing value and an unknown command each get a sentence, the usage and exit 2', () => {
  for (const [args, sentence] of [
    [['--bogus'], /^Lanyard: Unknown option '--bogus'\.\n/],
    [['--policy'], /^Lanyard: Option '--policy <value>' argument missing\.\n/],
    [['frobnicate'], /^Lanyard: unknown command 'frobnicate'\.\n/],
    // parseArgs' message here spans three lines and ends with advice that does not apply.
    [['--policy', '-x'], /^Lanyard: Option '--policy' argument is ambiguous\. Did you forget to specify the option argument for '--policy'\?\n\nUsage/],
  ] as const) {
    const r = lanyard([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, sentence);
    assert.match(r.stderr, /Usage: lanyard/);
    assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js):\d+/, 'no stack trace');
  }
});
