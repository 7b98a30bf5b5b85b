/**
 * Nothing secret leaves in a support bundle: keys that name a secret (pin, password, token,
 * cookie, …, main/audit/redact.ts) are dropped from every object outside the `allowKeys` sections,
 * JWTs and bearer credentials are cut from every string, URLs lose user:password and secret query
 * values, and any exact value the caller knows is secret is replaced wherever it appears.
 */
import { cleanText, isSecretKey, REDACTED } from '../audit/redact.js';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/g;
const COOKIE_HEADER = /\b((?:set-)?cookie|authorization)\s*:\s*[^\n"]+/gi;
const SECRET_PAIR = /\b(pin|password|passwd|pwd|token|access_token|refresh_token|id_token|secret|cookie|sid|session)=([^&\s;"']+)/gi;

function cleanUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let changed = false;
    if (parsed.username || parsed.password) { parsed.username = ''; parsed.password = ''; changed = true; }
    for (const key of [...parsed.searchParams.keys()]) if (isSecretKey(key)) { parsed.searchParams.set(key, REDACTED); changed = true; }
    return changed ? parsed.toString() : url; // untouched otherwise: IT compares these with the policy
  } catch {
    return url;
  }
}

export function scrubText(text: string, known: readonly string[] = []): string {
  let out = cleanText(text).replace(URL_IN_TEXT, cleanUrl).replace(SECRET_PAIR, (_, key: string) => `${key}=${REDACTED}`)
    .replace(COOKIE_HEADER, (_, name: string) => `${name}: ${REDACTED}`);
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** A deep copy with secrets removed. Keys under a path in `allowKeys` (e.g. the provider's
 * discovery, whose `token_endpoint` is a URL, not a token) keep their names; strings are still cleaned. */
export function scrub(value: unknown, known: readonly string[] = [], allowKeys = false): unknown {
  if (typeof value === 'string') return scrubText(value, known);
  if (Array.isArray(value)) return value.map((item) => scrub(item, known, allowKeys));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!allowKeys && isSecretKey(key)) { out[key] = REDACTED; continue; }
    out[key] = scrub(item, known, allowKeys);
  }
  return out;
}
