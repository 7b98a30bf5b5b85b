/**
 * Origin arithmetic shared by the navigation guard, the permission handlers and the tab IPC checks.
 * Pure: no Electron here, so it is unit-tested in plain Node.
 */

/** The origin of `url` ("https://host:port"), or null for anything without a real origin
 * (data:, javascript:, file:, about:, garbage). blob: URLs take their creator's origin. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'blob:') return null;
  // "https://epr.example@evil.example" style URLs mislead people reading them: never an origin of ours.
  if (parsed.username !== '' || parsed.password !== '') return null;
  const origin = parsed.origin;
  return origin === 'null' ? null : origin;
}

/** Normalises policy origins ("https://EPR.example:443/" -> "https://epr.example"); drops invalid ones. */
export function normaliseOrigins(origins: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const origin of origins) {
    const normal = originOf(origin);
    if (normal !== null) out.add(normal);
  }
  return out;
}

/** True when `url` lies inside one of `allowedOrigins` (exact origin match: scheme, host and port). */
export function isUrlInOrigins(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && normaliseOrigins(allowedOrigins).has(origin);
}

/** What a log line may say about a URL: its origin only (paths and queries can hold patient data). */
export function originForLog(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparseable)';
  }
}

/** `url` parsed, or undefined when it is not a URL. */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An identity provider's URL: https, or http on loopback (a test provider); undefined otherwise. */
export function parseProviderUrl(url: string): URL | undefined {
  const parsed = parseUrl(url);
  if (parsed === undefined || originOf(parsed.href) === null) return undefined;
  return parsed.protocol === 'https:' || LOOPBACK.has(parsed.hostname) ? parsed : undefined;
}
