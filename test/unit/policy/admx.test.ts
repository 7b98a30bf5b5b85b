/**
 * The Group Policy templates: well-formed XML (parsed with @xmldom/xmldom), one policy per schema
 * setting and nothing else, values typed and bounded as the schema says, every string and
 * presentation they refer to defined, and the committed files exactly what `npm run admx` writes.
 * Then the registry values those policies write, read back as the policy document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';

type XmlElement = Element; // the DOM's own types (lib DOM): xmldom implements them
import { policySchema } from '../../../main/core/policy/schema.js';
import { ADML_FILE, ADMX_FILE, ROOT, generatedFiles } from '../../../scripts/admx.js';
import { REGISTRY_SETTINGS } from '../../../main/policy/admx-layout.js';
import { applyRegistrySettings, RegistrySettingError, settingValue } from '../../../main/policy/admx-registry.js';
import { parseRegQuery } from '../../../main/policy/windows-registry.js';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';

function parseXml(file: string): XmlElement {
  const problems: string[] = [];
  const report = (message: string): void => { problems.push(message); };
  const doc = new DOMParser({ errorHandler: { warning: report, error: report, fatalError: report } })
    .parseFromString(readFileSync(path.join(ROOT, file), 'utf8'), 'text/xml');
  assert.deepEqual(problems, [], `${file} is not well-formed`);
  return doc.documentElement as unknown as XmlElement;
}

const all = (root: XmlElement, tag: string): XmlElement[] => Array.from(root.getElementsByTagName(tag)) as unknown as XmlElement[];

interface SchemaNode { type?: string; enum?: string[]; minimum?: number; maximum?: number; default?: unknown; properties?: Record<string, SchemaNode> }
/** The schema's settings, walked here on its own rather than through the code under test. */
function schemaLeaves(node: SchemaNode, prefix = ''): Map<string, SchemaNode> {
  const leaves = new Map<string, SchemaNode>();
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (!prefix && (name === '$schema' || name === 'version')) continue;
    const at = prefix ? `${prefix}.${name}` : name;
    if (child.type === 'object' && child.properties) for (const [p, n] of schemaLeaves(child, at)) leaves.set(p, n);
    else leaves.set(at, child);
  }
  return leaves;
}
const leaves = schemaLeaves(policySchema as unknown as SchemaNode);

const admx = parseXml(ADMX_FILE);
const adml = parseXml(ADML_FILE);
const strings = new Map(all(adml, 'string').map((s) => [s.getAttribute('id') ?? '', s.textContent ?? '']));
const presentations = new Set(all(adml, 'presentation').map((p) => p.getAttribute('id')));

test('one policy per schema setting, nothing else, all under HKLM\\SOFTWARE\\Policies\\Lanyard', () => {
  const policies = all(admx, 'policy');
  const byPath = new Map(REGISTRY_SETTINGS.map((s) => [s.valueName, s.path]));
  const covered = policies.map((p) => byPath.get(p.getAttribute('name') ?? '') ?? `unknown policy ${p.getAttribute('name')}`);
  assert.deepEqual([...covered].sort(), [...leaves.keys()].sort());
  for (const policy of policies) {
    assert.equal(policy.getAttribute('key'), 'SOFTWARE\\Policies\\Lanyard');
    assert.equal(policy.getAttribute('class'), 'Machine');
  }
});

test('each policy writes the value the reader reads, typed and bounded as the schema says', () => {
  for (const setting of REGISTRY_SETTINGS) {
    const schema = leaves.get(setting.path)!;
    const policy = all(admx, 'policy').find((p) => p.getAttribute('name') === setting.valueName)!;
    const elements = all(policy, 'elements')[0];
    if (schema.type === 'boolean') {
      assert.equal(policy.getAttribute('valueName'), setting.valueName);
      assert.equal(all(all(policy, 'enabledValue')[0]!, 'decimal')[0]!.getAttribute('value'), '1');
      assert.equal(all(all(policy, 'disabledValue')[0]!, 'decimal')[0]!.getAttribute('value'), '0');
      continue;
    }
    const element = Array.from(elements!.childNodes as unknown as ArrayLike<Node>).find((n) => n.nodeType === 1) as unknown as XmlElement;
    assert.equal(element.getAttribute('valueName'), setting.valueName, setting.path);
    if (schema.enum) {
      assert.equal(element.tagName, 'enum');
      assert.deepEqual(all(element, 'string').map((s) => s.textContent), schema.enum);
    } else if (schema.type === 'integer') {
      assert.equal(element.tagName, 'decimal');
      assert.equal(Number(element.getAttribute('minValue')), schema.minimum ?? 0, setting.path);
      assert.equal(Number(element.getAttribute('maxValue')), schema.maximum ?? 4294967295, setting.path);
    } else {
      assert.equal(element.tagName, schema.type === 'array' ? 'multiText' : 'text', setting.path);
    }
    assert.ok(presentations.has(setting.valueName), `no presentation for ${setting.valueName}`);
    const help = strings.get(`${setting.valueName}_Help`) ?? '';
    if (schema.default !== undefined) assert.match(help, new RegExp(`Default \\(not configured\\): ${String(schema.default)}\\.`), setting.path);
    if (schema.maximum !== undefined) assert.match(help, new RegExp(`Range: ${schema.minimum ?? 0} to ${schema.maximum}\\.`), setting.path);
    for (const value of schema.enum ?? []) assert.ok(help.includes(value), `${setting.path}: ${value} is not explained`);
  }
});

test('every string and presentation the ADMX refers to is in the ADML', () => {
  const text = readFileSync(path.join(ROOT, ADMX_FILE), 'utf8');
  const refs = [...text.matchAll(/\$\((string|presentation)\.([^)]+)\)/g)];
  assert.ok(refs.length > 50);
  for (const [, kind, id] of refs) assert.ok(kind === 'string' ? strings.has(id!) : presentations.has(id!), `${kind}.${id} is not defined`);
  for (const setting of REGISTRY_SETTINGS) assert.ok((strings.get(`${setting.valueName}_Help`) ?? '').length > 40, `${setting.path} has no explanation`);
});

test('the committed templates and docs table are what npm run admx writes', () => {
  for (const { file, text } of generatedFiles()) {
    assert.equal(readFileSync(path.join(ROOT, file), 'utf8'), text, `${file} is out of date: run npm run admx`);
  }
});

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----';
const multi = (text: string): string => text.split('\n').join('\\0');

test('registry values as Group Policy writes them become the policy document', () => {
  const apps = [{ id: 'epr', name: 'Patient record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }];
  const output = [
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Lanyard',
    '    IdpIssuer    REG_SZ    https://sso.trust.example',
    '    IdpClientId    REG_SZ    lanyard',
    `    TrustedCardCAs    REG_MULTI_SZ    ${multi(`${PEM}\n${PEM.replace('UQ==', 'VQ==')}`)}`,
    `    Apps    REG_MULTI_SZ    ${multi(JSON.stringify(apps, null, 2))}`,
    '    AuthenticatorsFido    REG_DWORD    0x1',
    '    SessionIdleTimeoutSeconds    REG_DWORD    0x258',
    '    SessionOnCardRemoval    REG_SZ    logout',
    '    AuditSyslogPort    REG_DWORD    0x202',
  ].join('\r\n');
  const document = JSON.parse(applyRegistrySettings('{"version":1,"station":{"name":"From file"}}', parseRegQuery(output))) as unknown;
  assert.deepEqual(document, {
    version: 1, station: { name: 'From file' },
    identityProvider: { issuer: 'https://sso.trust.example', clientId: 'lanyard' },
    trustedCardCAs: [PEM, PEM.replace('UQ==', 'VQ==')], apps,
    authenticators: { fido: true }, session: { idleTimeoutSeconds: 600, onCardRemoval: 'logout' }, audit: { syslog: { port: 514 } },
  });
});

test('a value of the wrong type, or Apps that are not JSON, stop start-up naming the value', () => {
  const wrong = '    SessionIdleTimeoutSeconds    REG_SZ    600\r\n';
  assert.throws(() => applyRegistrySettings('{"version":1}', parseRegQuery(wrong)),
    (error: unknown) => error instanceof RegistrySettingError && error.code === 'POLICY_REGISTRY_VALUE_INVALID'
      && /SessionIdleTimeoutSeconds is REG_SZ, but must be REG_DWORD/.test(error.message));
  assert.throws(() => applyRegistrySettings('{"version":1}', parseRegQuery('    Apps    REG_MULTI_SZ    [{\\0oops\r\n')),
    (error: unknown) => error instanceof RegistrySettingError && error.valueName === 'Apps');
  assert.throws(() => applyRegistrySettings('{"version":1}', parseRegQuery('    AuthenticatorsFido    REG_DWORD    0x2\r\n')), RegistrySettingError);
  // In range by type but not by the schema: the loader refuses it, never clamps it.
  const json = applyRegistrySettings('{"version":1}', parseRegQuery('    SessionIdleTimeoutSeconds    REG_DWORD    0x5\r\n'));
  assert.equal(parsePolicyText('registry', json).kind, 'invalid');
});

test('a list of plain items is one item per line; a list of certificates is split by certificate', () => {
  const list = { path: 'context.apps', valueName: 'ContextApps', kind: 'string-list', registryType: 'REG_MULTI_SZ', required: false } as const;
  assert.deepEqual(settingValue(list, { type: 'REG_MULTI_SZ', data: 'epr\\0 rota \\0\\0' }), ['epr', 'rota']);
  const pems = { ...list, path: 'trustedCardCAs', valueName: 'TrustedCardCAs', kind: 'pem-list' } as const;
  assert.deepEqual(settingValue(pems, { type: 'REG_MULTI_SZ', data: multi(`${PEM}\n${PEM}`) }), [PEM, PEM]);
});
