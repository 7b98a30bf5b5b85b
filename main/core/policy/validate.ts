/**
 * Validates a machine policy. An invalid policy is never "mostly used": the caller stops with the
 * first problems, each naming its JSON path, so IT can fix the exact line.
 */
import { Ajv } from 'ajv';
import { policySchema, USERNAME_TEMPLATE } from './schema.js';
import type { Policy } from './types.js';
import { urlProblems } from './url-checks.js';

export interface PolicyProblem {
  /** JSON path in the dotted form IT reads: `apps[1].allowedOrigins[0]`. */
  path: string;
  message: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: PolicyProblem[] };

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, allowUnionTypes: true });
const check = ajv.compile(policySchema);

export function validatePolicy(input: unknown): PolicyResult {
  const copy: unknown = structuredClone(input);
  if (!check(copy)) {
    const problems = (check.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => {
        const at = e.keyword === 'additionalProperties'
          ? `${e.instancePath}/${String(e.params['additionalProperty'])}` : e.keyword === 'required'
            ? `${e.instancePath}/${String(e.params['missingProperty'])}` : e.instancePath;
        return { path: jsonPath(at), message: describe(e.keyword, e.message, e.params) };
      });
    return { ok: false, problems };
  }
  const policy = copy as unknown as Policy;
  // Cross-checks compare origins, so they run only on URLs that parse.
  const urls = urlProblems(policy);
  if (urls.length) return { ok: false, problems: urls };
  const problems = crossChecks(policy);
  return problems.length ? { ok: false, problems } : { ok: true, policy };
}

/** Rules a schema cannot say. */
function crossChecks(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  policy.apps.forEach((app, i) => {
    if (seen.has(app.id)) problems.push({ path: `apps[${i}].id`, message: `duplicate app id "${app.id}"` });
    seen.add(app.id);
    const start = new URL(app.url).origin;
    if (!app.allowedOrigins.includes(start)) {
      problems.push({ path: `apps[${i}].allowedOrigins`, message: `must include the app's own origin ${start}` });
    }
    if (app.form && !app.allowedOrigins.includes(new URL(app.form.loginUrl).origin)) {
      problems.push({ path: `apps[${i}].form.loginUrl`, message: 'must be on one of the app\'s allowed origins' });
    }
  });
  if (policy.session.idleWarningSeconds >= policy.session.idleTimeoutSeconds) {
    problems.push({ path: 'session.idleWarningSeconds', message: 'must be shorter than session.idleTimeoutSeconds' });
  }
  (policy.context.apps ?? []).forEach((id, i) => {
    const app = policy.apps.find((a) => a.id === id);
    if (!app) problems.push({ path: `context.apps[${i}]`, message: `names no app in apps: "${id}"` });
    else if (app.signIn !== 'oidc') problems.push({ path: `context.apps[${i}]`, message: `"${id}" does not sign in with OpenID Connect, so it cannot get a launch context` });
  });
  problems.push(...identityProviderProblems(policy));
  if (!policy.authenticators.smartcard && !policy.authenticators.fido) {
    problems.push({ path: 'authenticators', message: 'at least one of smartcard or fido must be allowed' });
  }
  return problems;
}

/** The standard profile's settings belong to it alone, and a card needs its certificate endpoint. */
function identityProviderProblems(policy: Policy): PolicyProblem[] {
  const idp = policy.identityProvider;
  if (idp.profile === 'reference') {
    return (['certificateHost', 'acrValues', 'scopes', 'cardLoginHint', 'serverCAs'] as const).filter((k) => idp[k] !== undefined)
      .map((k) => ({ path: `identityProvider.${k}`, message: 'is used only with identityProvider.profile "standard"' }));
  }
  if (policy.authenticators.smartcard && !idp.certificateHost) {
    return [{ path: 'identityProvider.certificateHost', message: 'is required with profile "standard" when smartcard sign-in is allowed (the host that asks for the card\'s certificate)' }];
  }
  return [];
}

function jsonPath(pointer: string): string {
  if (!pointer) return '(top level)';
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** The schema's patterns in words IT can act on (a raw regular expression helps nobody). */
export const PATTERN_SENTENCES: Readonly<Record<string, string>> = {
  '^https?://[^/\\s]+$': 'must be an origin: http:// or https:// and a host name, with an optional port and no path (for example https://epr.trust.example)',
  '^https?://[^\\s]+$': 'must be a web address starting with http:// or https://, with no spaces',
  '-----BEGIN CERTIFICATE-----': 'must be a certificate in PEM form (text that starts with -----BEGIN CERTIFICATE-----)',
  '^[a-z0-9][a-z0-9-]{0,39}$': 'must be an app id: up to 40 lower-case letters, digits and hyphens, not starting with a hyphen',
  '^[A-Z0-9]{2,16}$': 'must be a role code: 2 to 16 capital letters or digits (for example R8000)',
  '^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?$': 'must be a host name with an optional port and no scheme or path (for example certauth.login.trust.example or idp.trust.example:8443)',
  '^openid( [A-Za-z0-9_:./-]+)*$': 'must be scopes separated by single spaces, the first one openid (for example "openid profile email")',
  '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$': 'must be a claim name: letters, digits, _ . : and -, not starting with a digit (for example nhsid_useruid)',
  [USERNAME_TEMPLATE]: 'must be a username template with at least one of {userId}, {name}, {givenName}, {givenInitial}, {familyName} or {claim:NAME}, and no other braces (for example {givenInitial}{familyName})',
};

function describe(keyword: string, message: string | undefined, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'additionalProperties': return 'is not a known setting (check the spelling)';
    case 'required': return 'is required';
    case 'enum': return `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern': return PATTERN_SENTENCES[String(params['pattern'])] ?? 'has the wrong form';
    default: return message ?? keyword;
  }
}
