/** Parses one text line of an audit file and checks its shape and its own hash. */
import { hashOf, type AuditLine } from './audit-line.js';

export type LineCheck =
  | { ok: true; line: AuditLine }
  | { ok: false; problem: 'malformed' | 'edited'; why: string };

const HEX64 = /^[0-9a-f]{64}$/;
const OPTIONAL_TEXT = ['userId', 'role', 'app', 'method', 'reason'] as const;
const KNOWN = new Set(['seq', 'time', 'workstation', 'event', ...OPTIONAL_TEXT, 'detail', 'prev', 'hash']);

export function checkLine(text: string): LineCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'malformed', why: 'not valid JSON (cut short or damaged)' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'malformed', why: 'not a JSON object' };
  const o = parsed as Record<string, unknown>;
  const unknownKey = Object.keys(o).find((k) => !KNOWN.has(k));
  if (unknownKey) return { ok: false, problem: 'malformed', why: `unexpected field "${unknownKey}"` };
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) return { ok: false, problem: 'malformed', why: 'seq is not a positive integer' };
  if (typeof o.time !== 'string' || Number.isNaN(Date.parse(o.time))) return { ok: false, problem: 'malformed', why: 'time is not a date' };
  if (typeof o.workstation !== 'string' || typeof o.event !== 'string') return { ok: false, problem: 'malformed', why: 'workstation or event missing' };
  for (const k of OPTIONAL_TEXT) if (o[k] !== undefined && typeof o[k] !== 'string') return { ok: false, problem: 'malformed', why: `${k} is not text` };
  if (o.detail !== undefined) {
    const d = o.detail;
    if (typeof d !== 'object' || d === null || Array.isArray(d) || Object.values(d).some((v) => !['string', 'number', 'boolean'].includes(typeof v))) {
      return { ok: false, problem: 'malformed', why: 'detail is not a flat object' };
    }
    // JSON.parse reads 1e400 as Infinity, which the writer never produces and canonical JSON cannot hash.
    const huge = Object.entries(d).find(([, v]) => typeof v === 'number' && !Number.isFinite(v));
    if (huge) return { ok: false, problem: 'malformed', why: `detail.${huge[0]} is not a finite number` };
  }
  if (typeof o.prev !== 'string' || !HEX64.test(o.prev) || typeof o.hash !== 'string' || !HEX64.test(o.hash)) {
    return { ok: false, problem: 'malformed', why: 'prev or hash is not a SHA-256 hex digest' };
  }
  const line = o as unknown as AuditLine;
  let recomputed: string;
  try {
    recomputed = hashOf(line);
  } catch (error) {
    // Whatever the shape checks above missed, a line that cannot be hashed is damage, not a crash.
    return { ok: false, problem: 'malformed', why: `cannot be hashed (${(error as Error).message})` };
  }
  if (recomputed !== line.hash) return { ok: false, problem: 'edited', why: 'the hash recomputed from its fields differs from the stored one' };
  return { ok: true, line };
}
