/**
 * Machine policy files (main/policy/load.ts parse(), main/core/policy/validate.ts): mutated text of
 * valid policies, and valid policies with one setting replaced by any JSON value or by a URL that
 * passes the schema's pattern. Every problem must come back as a returned `invalid`, never a throw.
 */
import fc from 'fast-check';
import { parse } from '../../../main/policy/load.js';
import type { FuzzTarget } from '../engine.js';
import { hexOf, mutatedBytes, utf8 } from '../mutate.js';
import { nothingTyped } from '../typed.js';
import { TEST_CA_PEM } from '../../unit/policy/helpers.js';

// A real certificate: CA entries must parse (main/policy/certificate-checks.ts), or no input is valid.
const PEM = TEST_CA_PEM;
const FULL = {
  version: 1,
  station: { name: 'Ward 7 desk' },
  identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
  trustedCardCAs: [PEM],
  authenticators: { smartcard: true, fido: true },
  apps: [
    { id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc', roles: ['R8000'] },
    { id: 'lab', name: 'Lab results', url: 'http://lab.trust.example:8080/login', allowedOrigins: ['http://lab.trust.example:8080'], signIn: 'form',
      form: { loginUrl: 'http://lab.trust.example:8080/login', usernameSelector: '#u', passwordSelector: '#p', submitSelector: 'button' } },
  ],
  session: { onCardRemoval: 'logout', pinGraceSeconds: 60, idleTimeoutSeconds: 600, idleWarningSeconds: 30, maxSuspendedUsers: 3 },
  audit: { file: '/var/log/lanyard/audit.jsonl', maxBytes: 1048576, syslog: { host: 'siem.trust.example', port: 514, protocol: 'tcp' } },
};
const MINIMAL = { version: 1, identityProvider: FULL.identityProvider, trustedCardCAs: [PEM], apps: [FULL.apps[0]] };

/** Where a replacement goes: every setting of the full policy. */
const PATHS = [
  'version', 'station', 'station.name', 'identityProvider', 'identityProvider.issuer', 'identityProvider.clientId', 'trustedCardCAs',
  'trustedCardCAs.0', 'authenticators', 'authenticators.fido', 'apps', 'apps.0', 'apps.0.url', 'apps.0.allowedOrigins', 'apps.0.allowedOrigins.0',
  'apps.0.roles', 'apps.1.form', 'apps.1.form.loginUrl', 'apps.1.signIn', 'apps.1.id', 'session', 'session.pinGraceSeconds',
  'session.idleWarningSeconds', 'audit', 'audit.maxBytes', 'audit.syslog', 'audit.syslog.port', '__proto__', 'apps.0.constructor',
];
/** Match ^https?://[^\s]+$ (and the origin pattern) but are not all URLs. */
const URLISH = ['http://[', 'https://[::1', 'http://a:99999', 'https://%zz', 'http://exa mple', 'https://a/b', 'http://:', 'https://..',
  'http://xn--', 'https://\u0000', 'http://a@b@c', 'https://[::1]:0', 'http://1.2.3.4.5', 'http://256.1.1.1'];
const TOKENS = ['null', '{}', '[]', '"', '1e400', '-0', 'true', '9007199254740993', '"\\ud800"', ',', '"__proto__"', ...URLISH.map((u) => JSON.stringify(u))].map(utf8);

function replaced(base: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== 'object' || next === null) return copy;
    at = next as Record<string, unknown>;
  }
  Object.defineProperty(at, keys.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const policyTarget: FuzzTarget = {
  name: 'policy',
  about: 'machine policy text and values through parse() and validatePolicy()',
  async setup() {
    const texts = [FULL, MINIMAL].map((p) => utf8(JSON.stringify(p, null, 2)));
    const structured = fc.record({
      base: fc.constantFrom(FULL, MINIMAL),
      path: fc.constantFrom(...PATHS),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...URLISH), fc.webUrl()),
    }).map(({ base, path, value }) => utf8(JSON.stringify(replaced(base, path, value))));
    return {
      arbitrary: fc.oneof(mutatedBytes(texts, { dictionary: TOKENS, maxRepeat: 4 }), structured),
      async run(text: Uint8Array) {
        const load = parse('fuzz.json', new TextDecoder().decode(text));
        if (load.kind !== 'invalid') return undefined;
        const root = load.problems[0]?.path.split(/[.[]/)[0] ?? '?';
        return `invalid:${root in FULL || root.startsWith('(') ? root : 'unknown-setting'}`;
      },
      typed: nothingTyped,
      show: (text: Uint8Array) => `${hexOf(text)}\ntext=${JSON.stringify(new TextDecoder().decode(text)).slice(0, 2000)}`,
    };
  },
};
