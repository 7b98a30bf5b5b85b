/** Policy text → a validated policy, or the problems by JSON path. Never throws. */
import { validatePolicy, type PolicyProblem } from '../core/policy/validate.js';
import type { Policy } from '../core/policy/types.js';

export type ParsedPolicy =
  | { kind: 'policy'; policy: Policy; source: string }
  | { kind: 'invalid'; source: string; problems: PolicyProblem[] };

export function parsePolicyText(source: string, text: string): ParsedPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', source, problems: [{ path: '(file)', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const result = validatePolicy(json);
  return result.ok ? { kind: 'policy', policy: result.policy, source } : { kind: 'invalid', source, problems: result.problems };
}

export function describeInvalid(source: string, problems: readonly PolicyProblem[]): string {
  return [`Lanyard cannot start: the machine policy in ${source} is not valid.`, ...problems.map((p) => `  - ${p.path}: ${p.message}`),
    'Fix the policy (check it with: lanyard --check-policy FILE) and start Lanyard again.'].join('\n');
}
