/** A policy's CA entries must be certificates that parse, and --check-policy lists each CA list. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';
import { describeCas } from '../../../main/policy/check-policy.js';
import { minimalPolicy, TEST_CA_PEM } from './helpers.js';

const NOT_A_CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const standard = (serverCAs: string[]) => ({
  ...minimalPolicy(), authenticators: { smartcard: false, fido: true },
  identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard', profile: 'standard', serverCAs },
});

function problems(policy: unknown): { path: string; message: string }[] {
  const parsed = parsePolicyText('policy.json', JSON.stringify(policy));
  return parsed.kind === 'invalid' ? parsed.problems : [];
}

test('a trusted card CA or server CA whose PEM body does not parse is refused by its JSON path', () => {
  const card = problems({ ...minimalPolicy(), trustedCardCAs: [TEST_CA_PEM, NOT_A_CERTIFICATE] });
  assert.equal(card.length, 1);
  assert.equal(card[0]!.path, 'trustedCardCAs[1]');
  assert.match(card[0]!.message, /^is not a certificate that can be read: the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- must be copied whole/);
  const server = problems(standard([NOT_A_CERTIFICATE]));
  assert.deepEqual(server.map((p) => p.path), ['identityProvider.serverCAs[0]']);
  const truncated = TEST_CA_PEM.replace(/\n[^\n]+\n-----END/, '\n-----END');
  assert.deepEqual(problems({ ...minimalPolicy(), trustedCardCAs: [truncated] }).map((p) => p.path), ['trustedCardCAs[0]']);
});

test('two certificates pasted into one CA entry are refused (only the first would be read)', () => {
  const both = problems({ ...minimalPolicy(), trustedCardCAs: [`${TEST_CA_PEM}\n${TEST_CA_PEM}`] });
  assert.deepEqual(both, [{ path: 'trustedCardCAs[0]', message: 'holds 2 certificates: put each certificate in its own entry' }]);
});

test('--check-policy lists the server CAs as it lists the card CAs', () => {
  const parsed = parsePolicyText('policy.json', JSON.stringify(standard([TEST_CA_PEM])));
  assert.equal(parsed.kind, 'policy', JSON.stringify(parsed));
  if (parsed.kind !== 'policy') return;
  assert.equal(describeCas(parsed.policy), [
    'Trusted card CAs (1):', '  - O=Lanyard tests, CN=Test Card CA; expires 2046-11-26',
    "Identity provider's server CAs (1):", '  - O=Lanyard tests, CN=Test Card CA; expires 2046-11-26', ''].join('\n'));
});
