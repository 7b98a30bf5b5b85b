/**
 * Decides which policy Lanyard runs with, or why it must not start. Fail closed:
 *   - a packaged install runs IT's machine policy only (Windows: HKLM\SOFTWARE\Policies\Lanyard;
 *     elsewhere /etc/lanyard/policy.json). `--policy FILE` and LANYARD_POLICY are refused there, so
 *     whoever launches Lanyard cannot replace IT's policy;
 *   - in a checkout (not packaged) `--policy FILE`, then LANYARD_POLICY, come before the machine policy;
 *   - any read error other than "file does not exist" stops start-up naming the file and the error;
 *   - no policy anywhere is demo mode only when demo was asked for and Lanyard is not packaged;
 *     otherwise "not set up".
 * Every failure carries the sentence to show (`message`).
 */
import type { Policy } from '../core/policy/types.js';
import type { PolicyProblem } from '../core/policy/validate.js';
import { describeInvalid, parsePolicyText } from './parse-policy.js';
import { POLICY_KEY } from './windows-registry.js';
import { adviceFor, describeError, readPolicyFile, type PolicyFileRead } from './read-policy-file.js';

export const MACHINE_POLICY_FILE = '/etc/lanyard/policy.json';
export const NOT_SET_UP = 'This PC is not set up for Lanyard: ask IT.';

/** An override that a packaged install refused, to be written to the audit log (`policy-invalid`). */
export interface RefusedOverride { source: string; message: string }

export type PolicyResolution =
  | { kind: 'policy'; policy: Policy; source: string; refusedOverride?: RefusedOverride }
  | { kind: 'demo' }
  | { kind: 'not-set-up'; message: string }
  | { kind: 'invalid'; source: string; problems: PolicyProblem[]; message: string }
  | { kind: 'unreadable'; source: string; error: string; message: string }
  | { kind: 'override-refused'; source: string; message: string };

export type PolicyFailure = Exclude<PolicyResolution, { kind: 'policy' } | { kind: 'demo' }>;

export interface ResolveInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Installed from a package (Electron's `app.isPackaged`), as opposed to run from a checkout. */
  packaged: boolean;
  /** `--demo` (npm start passes it in a checkout): with no policy anywhere, run demo mode. */
  demoRequested: boolean;
  machineFile?: string;
  /** Windows registry reader (main/policy/windows-registry.ts); may throw when the registry cannot be read. */
  readMachinePolicy?: () => Promise<{ source: string; json: string } | null>;
}

export async function resolvePolicy(input: ResolveInput): Promise<PolicyResolution> {
  const override = findOverride(input.argv, input.env);
  if (override && 'problem' in override) return override.problem;
  if (override && !input.packaged) return policyFromFile(override.source);

  const machine = await machinePolicy(input);
  if (!override) {
    if (machine) return machine;
    return input.demoRequested && !input.packaged ? { kind: 'demo' } : { kind: 'not-set-up', message: NOT_SET_UP };
  }
  // Packaged, and someone gave a policy of their own: IT's machine policy wins.
  const refused = `${override.how} is not accepted by an installed Lanyard: it runs the machine policy set by IT only`;
  if (!machine) {
    return { kind: 'override-refused', source: override.source, message: `Lanyard cannot start: ${refused}, and this PC has none. ${NOT_SET_UP}` };
  }
  if (machine.kind === 'policy') return { ...machine, refusedOverride: { source: override.source, message: `${refused} (${override.source} was ignored).` } };
  return { ...machine, message: `${machine.message}\n(${refused}.)` };
}

type Override = { source: string; how: string } | { problem: PolicyFailure };

function findOverride(argv: readonly string[], env: ResolveInput['env']): Override | null {
  const at = argv.findIndex((a) => a === '--policy' || a.startsWith('--policy='));
  if (at >= 0) {
    const arg = argv[at]!;
    const file = arg === '--policy' ? argv[at + 1] : arg.slice('--policy='.length);
    if (!file || file.startsWith('--')) {
      return { problem: { kind: 'invalid', source: '--policy', problems: [{ path: '(command line)', message: '--policy needs a file name' }],
        message: 'Lanyard cannot start: --policy was given without a file name (lanyard --policy FILE).' } };
    }
    return { source: file, how: `--policy ${file}` };
  }
  const fromEnv = env['LANYARD_POLICY'];
  return fromEnv ? { source: fromEnv, how: `LANYARD_POLICY=${fromEnv}` } : null;
}

type Found = Extract<PolicyResolution, { kind: 'policy' | 'invalid' | 'unreadable' }>;

/** The machine policy, or null when this PC has none. */
async function machinePolicy(input: ResolveInput): Promise<Found | null> {
  if (input.readMachinePolicy) {
    let found: { source: string; json: string } | null;
    try {
      found = await input.readMachinePolicy();
    } catch (cause) {
      const error = describeError(cause);
      return { kind: 'unreadable', source: POLICY_KEY, error, message: `Lanyard cannot start: ${error}` };
    }
    if (found) return fromText(found.source, found.json);
    // On Windows the registry is the machine policy: C:\etc\lanyard is not a protected place.
    if (input.machineFile === undefined) return null;
  }
  const file = input.machineFile ?? MACHINE_POLICY_FILE;
  const read = await readPolicyFile(file);
  return read.kind === 'missing' ? null : fromRead(file, read);
}

/** One named policy file: valid, invalid or unreadable (a missing file is unreadable: it was named).
 * Also what `--check-policy FILE` reports. */
export async function policyFromFile(file: string): Promise<Found> {
  return fromRead(file, await readPolicyFile(file));
}

function fromRead(file: string, read: PolicyFileRead): Found {
  if (read.kind === 'text') return fromText(file, read.text);
  const [error, advice] = read.kind === 'missing' ? ['ENOENT: no such file or directory', 'Check the file name.'] : [read.error, adviceFor(read.code)];
  return { kind: 'unreadable', source: file, error, message: `Lanyard cannot start: ${file} cannot be read (${error}). ${advice}` };
}

function fromText(source: string, text: string): Found {
  const parsed = parsePolicyText(source, text);
  return parsed.kind === 'policy' ? parsed : { ...parsed, message: describeInvalid(source, parsed.problems) };
}
