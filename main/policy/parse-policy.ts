/** Policy text → a validated policy, or the problems by JSON path. Never throws. */
import { validatePolicy, type PolicyProblem } from '../core/policy/validate.js';
import type { Policy } from '../core/policy/types.js';
import { certificateProblems } from './certificate-checks.js';
import { findJsonError, lineAndColumn } from './json-error.js';

export type ParsedPolicy =
  | { kind: 'policy'; policy: Policy; source: string }
  | { kind: 'invalid'; source: string; problems: PolicyProblem[] };

export function parsePolicyText(source: string, text: string): ParsedPolicy {
  // Notepad and PowerShell's Out-File -Encoding utf8 start the file with a byte order mark; it is
  // not part of the JSON, and editors do not count it as a column.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { kind: 'invalid', source, problems: [{ path: '(file)', message: jsonErrorText(json, (error as Error).message) }] };
  }
  const result = validatePolicy(value);
  if (!result.ok) return { kind: 'invalid', source, problems: result.problems };
  const certificates = certificateProblems(result.policy);
  return certificates.length ? { kind: 'invalid', source, problems: certificates } : { kind: 'policy', policy: result.policy, source };
}

/** "is not valid JSON at line 3, column 5: a property name must be in double quotes, found 'a'".
 * The position comes from our own scanner (V8 often names none, and quotes the file instead);
 * V8's first sentence is the fallback should the two ever disagree. */
export function jsonErrorText(text: string, v8Message: string): string {
  const found = findJsonError(text);
  const position = /at position (\d+)/.exec(v8Message);
  const offset = found?.offset ?? (position ? Number(position[1]) : text.length);
  const what = found?.message ?? v8Message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  const { line, column } = lineAndColumn(text, offset);
  return `is not valid JSON at line ${line}, column ${column}: ${what}`;
}

export function describeInvalid(source: string, problems: readonly PolicyProblem[]): string {
  return [`Lanyard cannot start: the machine policy in ${source} is not valid.`, ...problems.map((p) => `  - ${p.path}: ${p.message}`),
    'Fix the policy (check it with: lanyard --check-policy FILE) and start Lanyard again.'].join('\n');
}
