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
    return { kind: 'invalid', source, problems: [{ path: '(file)', message: jsonErrorText(text, (error as Error).message) }] };
  }
  const result = validatePolicy(json);
  return result.ok ? { kind: 'policy', policy: result.policy, source } : { kind: 'invalid', source, problems: result.problems };
}

/** "is not valid JSON at line 3, column 5: Expected ',' or '}'" — V8 names a character offset
 * (or nothing, at the end of the text); IT's editor counts lines and columns. */
export function jsonErrorText(text: string, v8Message: string): string {
  const position = /at position (\d+)/.exec(v8Message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[line - 1]!.length + 1;
  const what = v8Message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)/, '');
  return `is not valid JSON at line ${line}, column ${column}: ${what}`;
}

export function describeInvalid(source: string, problems: readonly PolicyProblem[]): string {
  return [`Lanyard cannot start: the machine policy in ${source} is not valid.`, ...problems.map((p) => `  - ${p.path}: ${p.message}`),
    'Fix the policy (check it with: lanyard --check-policy FILE) and start Lanyard again.'].join('\n');
}
