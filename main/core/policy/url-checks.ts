/**
 * The schema's patterns only say "looks like http(s)://…"; these parse every URL and origin field
 * with the WHATWG URL parser (the one the hosts and the OIDC client use), so a value that would
 * throw later at start-up, or silently mean another origin, is reported by its JSON path instead.
 */
import type { Policy } from './types.js';
import type { PolicyProblem } from './validate.js';

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function checkUrl(path: string, value: string, problems: PolicyProblem[]): URL | null {
  const url = parse(value);
  if (!url) problems.push({ path, message: `is not a URL that can be parsed: "${value}"` });
  else if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push({ path, message: 'must be an http or https URL' });
  else return url;
  return null;
}

/** An origin entry must be exactly what a browser reports as an origin, or matching would fail
 * (or match something else) at navigation time. */
function checkOrigin(path: string, value: string, problems: PolicyProblem[]): void {
  const url = checkUrl(path, value, problems);
  if (url && url.origin !== value) problems.push({ path, message: `must be exactly an origin (scheme://host[:port], as ${url.origin}), not "${value}"` });
}

/** Loopback by name or address (127.0.0.0/8, ::1, localhost), as the WHATWG parser writes hostnames. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

export function urlProblems(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const issuer = checkUrl('identityProvider.issuer', policy.identityProvider.issuer, problems);
  // OpenID Connect Discovery: the issuer identifier has no query or fragment.
  if (issuer && (issuer.search || issuer.hash)) problems.push({ path: 'identityProvider.issuer', message: 'must have no query (?…) or fragment (#…)' });
  // Tokens and the card's sign-in travel to the provider: the identity client refuses plain HTTP
  // to anything but this machine, so the policy check must too.
  if (issuer && issuer.protocol === 'http:' && !isLoopbackHost(issuer.hostname)) {
    problems.push({ path: 'identityProvider.issuer', message: `must use https:// (plain http:// is allowed only for a provider on this machine, such as http://127.0.0.1:8080), not "${policy.identityProvider.issuer}"` });
  }
  policy.apps.forEach((app, i) => {
    checkUrl(`apps[${i}].url`, app.url, problems);
    app.allowedOrigins.forEach((o, j) => checkOrigin(`apps[${i}].allowedOrigins[${j}]`, o, problems));
    if (app.form) checkUrl(`apps[${i}].form.loginUrl`, app.form.loginUrl, problems);
  });
  return problems;
}
