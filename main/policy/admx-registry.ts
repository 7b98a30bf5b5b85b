/**
 * Group Policy values (one per setting, main/policy/admx-layout.ts) read back into the policy
 * document. They are applied over the document from PolicyJson/PolicyFile (the MSI's), or make the
 * whole document when there is none; either way the loader validates the result, so a value that
 * is missing, out of range or malformed stops start-up. A value of the wrong registry type is an
 * error naming the value, never skipped: skipping would run a looser policy than IT set.
 */
import type { RegistryValue } from './windows-registry.js';
import { REGISTRY_SETTINGS, type RegistrySetting } from './admx-layout.js';

const KEY = 'HKLM\\SOFTWARE\\Policies\\Lanyard';
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export class RegistrySettingError extends Error {
  readonly code = 'POLICY_REGISTRY_VALUE_INVALID';
  readonly valueName: string;
  constructor(valueName: string, message: string) {
    super(`Lanyard cannot start: ${KEY}\\${valueName} ${message}. Check the Lanyard Group Policy (ADMX) settings, or tell IT.`);
    this.name = 'RegistrySettingError';
    this.valueName = valueName;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function expand(text: string, env: Env): string {
  const lower = new Map(Object.entries(env).map(([key, value]) => [key.toLowerCase(), value]));
  return text.replace(/%([^%]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

/** One registry value as the setting's JSON value; undefined when it holds nothing. */
export function settingValue(setting: RegistrySetting, value: RegistryValue, env: Env = {}): unknown {
  const wrong = (): never => { throw new RegistrySettingError(setting.valueName, `is ${value.type}, but must be ${setting.registryType}`); };
  switch (setting.kind) {
    case 'boolean': case 'integer': {
      if (value.type !== 'REG_DWORD') wrong();
      const number = Number.parseInt(value.data, value.data.startsWith('0x') ? 16 : 10);
      if (!Number.isSafeInteger(number)) throw new RegistrySettingError(setting.valueName, `holds "${value.data}", not a number`);
      if (setting.kind === 'integer') return number;
      if (number !== 0 && number !== 1) throw new RegistrySettingError(setting.valueName, `is ${number}: must be 1 (enabled) or 0 (disabled)`);
      return number === 1;
    }
    case 'enum': case 'string': {
      if (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') wrong();
      const text = (value.type === 'REG_EXPAND_SZ' ? expand(value.data, env) : value.data).trim();
      return text === '' ? undefined : text;
    }
    case 'string-list': {
      if (value.type !== 'REG_MULTI_SZ') wrong();
      const items = value.data.split('\\0').map((item) => item.trim()).filter(Boolean);
      return items.length ? items : undefined;
    }
    case 'pem-list': case 'json-list': {
      if (value.type !== 'REG_MULTI_SZ') wrong();
      const text = value.data.split('\\0').join('\n').trim();
      if (text === '') return undefined;
      if (setting.kind === 'pem-list') return text.match(PEM) ?? [text]; // no certificate: the validator names the problem
      let list: unknown;
      try {
        list = JSON.parse(text);
      } catch (cause) {
        throw new RegistrySettingError(setting.valueName, `is not JSON (${(cause as Error).message})`);
      }
      if (!Array.isArray(list)) throw new RegistrySettingError(setting.valueName, 'must be a JSON array of apps');
      return list;
    }
  }
}

/** Whether any Group Policy setting value is present (names are lower-cased by parseRegQuery). */
export function hasRegistrySettings(values: ReadonlyMap<string, RegistryValue>): boolean {
  return REGISTRY_SETTINGS.some((setting) => values.has(setting.valueName.toLowerCase()));
}

/** The policy document with every Group Policy value applied. Text that is not a JSON object is
 * returned untouched, so the loader reports the real problem with its own message. */
export function applyRegistrySettings(json: string, values: ReadonlyMap<string, RegistryValue>, env: Env = {}): string {
  if (!hasRegistrySettings(values)) return json;
  let document: unknown;
  try {
    // A BOM would fail JSON.parse here, and the loader (which drops it) would then run the file
    // without the Group Policy values: drop it here too.
    document = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch {
    return json;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return json;
  for (const setting of REGISTRY_SETTINGS) {
    const value = values.get(setting.valueName.toLowerCase());
    if (value === undefined) continue;
    const data = settingValue(setting, value, env);
    if (data === undefined) continue;
    const parts = setting.path.split('.');
    let at = document as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      at = at[part] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next as Record<string, unknown> } : {};
    }
    at[parts[parts.length - 1]!] = data;
  }
  return JSON.stringify(document, null, 2);
}
