/**
 * The origin / RP ID rule for provider pages (main/auth/fido/page-origin.ts), as properties over
 * generated hosts and RP IDs against a small public suffix list with an exact rule, a wildcard
 * and an exception, plus Debian's real list for the names a trust would use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkPageOrigin, checkRpId } from '../../../main/auth/fido/page-origin.js';
import { PageWebAuthnError } from '../../../main/auth/fido/page-errors.js';
import { NO_PUBLIC_SUFFIX_LIST, PublicSuffixList } from '../../../main/auth/fido/public-suffix.js';
import { systemPublicSuffixes } from '../../../main/auth/fido/system-public-suffix.js';

const LIST = new PublicSuffixList('// test list\nuk\nco.uk\nnhs.uk\n*.sch.uk\n!city.sch.uk\ncom\nio\ngithub.io\n');
const label = fc.constantFrom('a', 'b', 'idp', 'trust', 'nhs', 'co', 'uk', 'sch', 'city', 'com', 'io', 'github', 'x-1');
const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.'));
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof PageWebAuthnError, String(e));
    return e.code;
  }
};

test('PSL matching: exact rules, wildcards, exceptions and the implicit *', () => {
  assert.equal(LIST.publicSuffixOf('idp.trust.nhs.uk'), 'nhs.uk');
  assert.equal(LIST.publicSuffixOf('a.b.sch.uk'), 'b.sch.uk');
  assert.equal(LIST.publicSuffixOf('www.city.sch.uk'), 'sch.uk');
  assert.equal(LIST.publicSuffixOf('example.org'), 'org');
  assert.equal(LIST.publicSuffixOf('me.github.io'), 'github.io');
});

test('property: an accepted RP ID is the host, or a label-boundary suffix longer than its public suffix', () => {
  fc.assert(fc.property(host, host, (h, id) => {
    const origin = new URL(`https://${h}`);
    const result = code(() => checkRpId(id, origin, LIST));
    const ps = LIST.publicSuffixOf(h);
    const ok = id === h || (h.endsWith(`.${id}`) && id.length > ps.length);
    assert.equal(result === undefined, ok, `host ${h} rpId ${id}`);
    if (!ok) assert.equal(result, 'rp-id-mismatch');
  }), { numRuns: 2000 });
});

test('property: every proper suffix of a host built on a public suffix, down to it, is refused', () => {
  fc.assert(fc.property(fc.constantFrom('nhs.uk', 'co.uk', 'b.sch.uk', 'github.io', 'com'), fc.array(label, { minLength: 1, maxLength: 3 }), (ps, prefix) => {
    const h = `${prefix.join('.')}.${ps}`;
    const origin = new URL(`https://${h}`);
    const labels = ps.split('.');
    for (let i = 0; i < labels.length; i++) assert.equal(code(() => checkRpId(labels.slice(i).join('.'), origin, LIST)), 'rp-id-mismatch');
    // The registrable domain itself (one label above the public suffix) is allowed.
    assert.equal(checkRpId(`${prefix.at(-1)}.${ps}`, origin, LIST), `${prefix.at(-1)}.${ps}`);
  }));
});

test('property: a string suffix that is not on a label boundary is refused (evil-trust.nhs.uk vs trust.nhs.uk)', () => {
  fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', '-') }), (junk) => {
    const origin = new URL(`https://${junk}trust.nhs.uk`.replace(/^-+/, 'x'));
    if (origin.hostname === 'trust.nhs.uk') return;
    const id = 'trust.nhs.uk';
    const expected = origin.hostname.endsWith(`.${id}`) ? undefined : 'rp-id-mismatch';
    assert.equal(code(() => checkRpId(id, origin, LIST)), expected);
  }));
});

test('no list: the RP ID must equal the host (fail closed)', () => {
  const origin = new URL('https://idp.trust.example');
  assert.equal(checkRpId('idp.trust.example', origin, NO_PUBLIC_SUFFIX_LIST), 'idp.trust.example');
  assert.equal(code(() => checkRpId('trust.example', origin, NO_PUBLIC_SUFFIX_LIST)), 'rp-id-mismatch');
});

test('RP IDs that are not plain domains, IP suffixes, and a missing RP ID', () => {
  const origin = new URL('https://idp.trust.example');
  for (const bad of ['IDP.trust.example', 'idp.trust.example.', 'idp.trust.example:443', 'x@idp.trust.example', '', 'trust.example/']) {
    assert.equal(code(() => checkRpId(bad, origin, LIST)), 'rp-id-mismatch', bad);
  }
  assert.equal(checkRpId(undefined, origin, LIST), 'idp.trust.example');
  assert.equal(checkRpId('127.0.0.1', new URL('http://127.0.0.1:9000'), LIST), '127.0.0.1');
  assert.equal(code(() => checkRpId('0.0.1', new URL('http://127.0.0.1:9000'), LIST)), 'rp-id-mismatch');
});

test('Debian\'s list: nhs.uk and co.uk are public, trust.nhs.uk is registrable', () => {
  const suffixes = systemPublicSuffixes();
  const origin = new URL('https://idp.trust.nhs.uk');
  assert.equal(checkRpId('trust.nhs.uk', origin, suffixes), 'trust.nhs.uk');
  assert.equal(code(() => checkRpId('nhs.uk', origin, suffixes)), 'rp-id-mismatch');
  assert.equal(code(() => checkRpId('co.uk', new URL('https://login.trust.co.uk'), suffixes)), 'rp-id-mismatch');
});

test('property: the origin must be secure and exactly one of the provider\'s origins', () => {
  const allowed = ['https://idp.trust.example', 'http://127.0.0.1:8080'];
  const scheme = fc.constantFrom('https', 'http', 'ftp', 'data');
  const hostName = fc.constantFrom('idp.trust.example', 'evil.example', '127.0.0.1', 'localhost', 'idp.trust.example.evil.example');
  const port = fc.constantFrom('', ':8080', ':443', ':8443');
  fc.assert(fc.property(scheme, hostName, port, fc.constantFrom('/', '/login?x=1', '/a#b'), (s, h, p, path) => {
    const url = s === 'data' ? 'data:text/html,hi' : `${s}://${h}${p}${path}`;
    const result = code(() => checkPageOrigin(url, allowed));
    const parsed = new URL(url);
    const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(parsed.hostname));
    if (!secure) assert.equal(result, 'insecure-origin', url);
    else assert.equal(result, allowed.includes(parsed.origin) ? undefined : 'origin-not-allowed', url);
  }), { numRuns: 500 });
});
