/** One line of the audit file and how its hash is made (docs/audit.md). */
import { createHash } from 'node:crypto';
import type { AuditEvent, AuditEventName } from '../core/ports/audit.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** Events the log writes about itself, besides the workstation's own. */
export type AuditLogEventName = 'audit-log-corrupt' | 'audit-checkpoint';
export type AuditLineEventName = AuditEventName | AuditLogEventName;

export interface AuditLine {
  seq: number;
  /** ISO 8601, UTC. */
  time: string;
  workstation: string;
  event: AuditLineEventName;
  userId?: string;
  role?: string;
  app?: string;
  method?: AuditEvent['method'];
  reason?: string;
  detail?: Record<string, string | number | boolean>;
  /** Hash of the previous line (across rotated files), or GENESIS_HASH for the first line of a chain. */
  prev: string;
  /** SHA-256 (hex) of the canonical JSON of this line without `hash`. */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Field order as written (the hash does not depend on it: it uses canonical JSON). */
export const LINE_FIELDS = ['seq', 'time', 'workstation', 'event', 'userId', 'role', 'app', 'method', 'reason', 'detail', 'prev', 'hash'] as const;

export function hashOf(line: Omit<AuditLine, 'hash'>): string {
  const { hash: _ignored, ...rest } = line as AuditLine;
  return createHash('sha256').update(canonicalJson(rest as unknown as JsonValue)).digest('hex');
}

/** The text of a line, newline included. */
export function serializeLine(line: AuditLine): string {
  const ordered: Record<string, unknown> = {};
  for (const field of LINE_FIELDS) if (line[field] !== undefined) ordered[field] = line[field];
  return `${JSON.stringify(ordered)}\n`;
}
