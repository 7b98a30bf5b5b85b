/**
 * Defence in depth: whatever a caller passes, no PIN, password, token or secret reaches the audit
 * log. Detail keys whose words name a secret, and nested values, are dropped (their names are kept in
 * `redacted`), and any value that looks like a JWT or a bearer credential is replaced.
 */
import type { AuditEvent } from '../core/ports/audit.js';

const SECRET_WORDS = new Set(['pin', 'pins', 'password', 'passwd', 'pwd', 'passcode', 'passphrase', 'token', 'tokens',
  'secret', 'secrets', 'otp', 'cookie', 'cookies', 'authorization', 'credential', 'credentials', 'puk', 'assertion', 'signature']);
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const MAX_TEXT = 500;
export const REDACTED = '[redacted]';

/** Splits camelCase, snake_case, kebab-case and dotted keys into lower-case words. */
export function keyWords(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

export function isSecretKey(key: string): boolean {
  return keyWords(key).some((w) => SECRET_WORDS.has(w));
}

export function cleanText(value: string): string {
  const cleaned = value.replace(JWT, REDACTED).replace(BEARER, REDACTED);
  return cleaned.length > MAX_TEXT ? `${cleaned.slice(0, MAX_TEXT)}…` : cleaned;
}

export interface CleanEvent extends AuditEvent {
  detail?: Record<string, string | number | boolean>;
}

export function redactEvent(event: AuditEvent): CleanEvent {
  const clean: CleanEvent = { event: event.event };
  for (const field of ['userId', 'role', 'app', 'reason'] as const) {
    const value: unknown = event[field];
    if (value !== undefined && value !== null) clean[field] = cleanText(String(value));
  }
  if (event.method === 'smartcard' || event.method === 'fido') clean.method = event.method;
  // Anything else a caller put on the event (outside the contract) is dropped, never written.
  if (event.detail && typeof event.detail === 'object') {
    const detail: Record<string, string | number | boolean> = {};
    const redacted: string[] = [];
    for (const [key, value] of Object.entries(event.detail)) {
      if (key === 'redacted') continue;
      if (isSecretKey(key)) { redacted.push(key); continue; }
      if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) detail[key] = value;
      else if (typeof value === 'string') detail[key] = cleanText(value);
      else if (value !== undefined && value !== null) redacted.push(key); // nested values could hide a secret key
    }
    if (redacted.length > 0) detail.redacted = redacted.sort().join(',');
    if (Object.keys(detail).length > 0) clean.detail = detail;
  }
  return clean;
}
