/**
 * Finds and loads the machine policy: `--policy FILE`, then LANYARD_POLICY, then the machine's own
 * (Windows: HKLM\SOFTWARE\Policies\Lanyard; elsewhere /etc/lanyard/policy.json). No policy anywhere
 * means demo mode; a policy that exists but is wrong is an error, never a fallback.
 */
import { readFile } from 'node:fs/promises';
import { validatePolicy, type PolicyProblem } from '../core/policy/validate.js';
import type { Policy } from '../core/policy/types.js';

export const MACHINE_POLICY_FILE = '/etc/lanyard/policy.json';

export type PolicyLoad =
  | { kind: 'policy'; policy: Policy; source: string }
  | { kind: 'demo' }
  | { kind: 'invalid'; source: string; problems: PolicyProblem[] };

export interface PolicySources {
  argvFile?: string;
  envFile?: string;
  /** Windows registry reader (main/policy/windows-registry.ts); absent elsewhere. */
  readMachinePolicy?: () => Promise<{ source: string; json: string } | null>;
  machineFile?: string;
}

export async function loadPolicy(sources: PolicySources): Promise<PolicyLoad> {
  const explicit = sources.argvFile ?? sources.envFile;
  if (explicit) return parse(explicit, await readText(explicit));
  const fromMachine = await sources.readMachinePolicy?.();
  if (fromMachine) return parse(fromMachine.source, fromMachine.json);
  const machineFile = sources.machineFile ?? MACHINE_POLICY_FILE;
  const text = await readText(machineFile, true);
  return text === null ? { kind: 'demo' } : parse(machineFile, text);
}

export function parse(source: string, text: string | null): PolicyLoad {
  if (text === null) return { kind: 'invalid', source, problems: [{ path: '(file)', message: 'cannot be read' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', source, problems: [{ path: '(file)', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const result = validatePolicy(json);
  return result.ok ? { kind: 'policy', policy: result.policy, source } : { kind: 'invalid', source, problems: result.problems };
}

/** Resolves the text, or null when the file does not exist and that is allowed. */
async function readText(file: string, missingIsNull = false): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (missingIsNull && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return null;
  }
}

export function describeProblems(load: Extract<PolicyLoad, { kind: 'invalid' }>): string {
  const lines = load.problems.map((p) => `  - ${p.path}: ${p.message}`);
  return [`Lanyard cannot start: the machine policy in ${load.source} is not valid.`, ...lines,
    'Fix the policy (check it with: lanyard --check-policy FILE) and start Lanyard again.'].join('\n');
}
