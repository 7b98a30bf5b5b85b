/**
 * The one navigation rule for app tabs, shared by both hosts: a tab may go only to its app's
 * allowed origins (http/https, exact scheme + host + port). Everything else opens nowhere.
 */
export function isNavigationAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username || target.password) return false;
  return allowedOrigins.some((o) => sameOrigin(o, target));
}

function sameOrigin(allowed: string, target: URL): boolean {
  try {
    return new URL(allowed).origin === target.origin;
  } catch {
    return false;
  }
}
