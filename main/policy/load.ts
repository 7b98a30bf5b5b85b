/**
 * The policy loader as start-up used it before `resolvePolicy` (main/policy/resolve.ts), kept while
 * callers move over: a checkout's rules (`--policy`, then LANYARD_POLICY, then the machine policy,
 * demo mode when there is none). It is fail-closed like `resolvePolicy`: a policy that exists but
 * cannot be read is a load failure naming the file and the error, never demo mode.
 */
import type { PolicyProblem } from '../core/policy/validate.js';
import type { Policy } from '../core/policy/types.js';
import { describeInvalid, parsePolicyText } from './parse-policy.js';
import { MACHINE_POLICY_FILE, resolvePolicy } from './resolve.js';

export { MACHINE_POLICY_FILE };

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

/** @deprecated use resolvePolicy, which also knows packaged installs and explicit demo mode. */
export async function loadPolicy(sources: PolicySources): Promise<PolicyLoad> {
  const resolved = await resolvePolicy({
    argv: sources.argvFile ? ['--policy', sources.argvFile] : [],
    env: { LANYARD_POLICY: sources.envFile },
    packaged: false,
    demoRequested: true,
    ...(sources.machineFile ? { machineFile: sources.machineFile } : {}),
    ...(sources.readMachinePolicy ? { readMachinePolicy: sources.readMachinePolicy } : {}),
  });
  switch (resolved.kind) {
    case 'policy': return { kind: 'policy', policy: resolved.policy, source: resolved.source };
    case 'demo': return resolved;
    case 'invalid': return { kind: 'invalid', source: resolved.source, problems: resolved.problems };
    case 'unreadable': return { kind: 'invalid', source: resolved.source, problems: [{ path: '(file)', message: `cannot be read (${resolved.error})` }] };
    case 'not-set-up': case 'override-refused': // not reachable for a checkout that allows demo mode
      return { kind: 'invalid', source: '(none)', problems: [{ path: '(file)', message: resolved.message }] };
  }
}

export function parse(source: string, text: string | null): PolicyLoad {
  if (text === null) return { kind: 'invalid', source, problems: [{ path: '(file)', message: 'cannot be read' }] };
  return parsePolicyText(source, text);
}

export function describeProblems(load: Extract<PolicyLoad, { kind: 'invalid' }>): string {
  return describeInvalid(load.source, load.problems);
}
