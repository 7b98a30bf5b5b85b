/**
 * Machine policy from the Windows registry, written by the MSI's public properties
 * (build/msi/lanyard.wxs) under HKLM\SOFTWARE\Policies\Lanyard:
 *   PolicyJson   the policy document itself            (POLICYJSON)
 *   PolicyFile   path of the policy document           (POLICYFILE)
 *   StationName  overrides station.name                (STATIONNAME)
 *   IdpIssuer    overrides identityProvider.issuer     (IDPISSUER)
 * and one value per setting set by Group Policy (lanyard.admx, main/policy/admx-layout.ts), applied
 * over the document or making it on their own (main/policy/admx-registry.ts).
 * Read with `reg query` (no native module); the parsing and the merge are pure and unit-tested.
 * The result goes to the policy loader, which validates it: nothing here loosens anything.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { adviceFor, decodePolicyBytes, describeError } from './read-policy-file.js';
import { applyRegistrySettings, hasRegistrySettings } from './admx-registry.js';

export const POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Lanyard';

export interface RegistryValue {
  type: string;
  data: string;
}

export class WindowsPolicyError extends Error {
  readonly code: 'POLICY_REGISTRY_UNREADABLE' | 'POLICY_FILE_UNREADABLE' | 'POLICY_OVERRIDES_WITHOUT_POLICY';
  constructor(code: WindowsPolicyError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WindowsPolicyError';
    this.code = code;
  }
}

/** Values of one key from `reg query KEY` output ("    Name    REG_SZ    data"). Names are
 * case-insensitive in the registry, so they are returned lower-cased. Subkeys are ignored. */
export function parseRegQuery(output: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name = '', type = '', data = ''] = match;
    values.set(name.toLowerCase(), { type, data });
  }
  return values;
}

/** %VAR% expansion for REG_EXPAND_SZ, from `env` (Windows variable names are case-insensitive). */
export function expandEnvironment(text: string, env: Readonly<Record<string, string | undefined>>): string {
  const lower = new Map(Object.entries(env).map(([key, value]) => [key.toLowerCase(), value]));
  return text.replace(/%([^%]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}

function stringValue(values: Map<string, RegistryValue>, name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = values.get(name.toLowerCase());
  if (value === undefined || (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ')) return undefined;
  const data = (value.type === 'REG_EXPAND_SZ' ? expandEnvironment(value.data, env) : value.data).trim();
  return data === '' ? undefined : data;
}

export type PolicyPlan =
  | { kind: 'none' }
  | { kind: 'inline'; source: string; json: string }
  | { kind: 'file'; path: string };

/** Decides where the policy document comes from. PolicyJson wins over PolicyFile (it is the more
 * specific deployment). StationName, IdpIssuer and every other Group Policy value are applied over
 * the document afterwards (main/policy/admx-registry.ts); without a document they make the whole
 * policy, which the loader's validation then checks for what is missing (never a half-policy). */
export function planMachinePolicy(values: Map<string, RegistryValue>, env: Readonly<Record<string, string | undefined>> = {}): PolicyPlan {
  const json = stringValue(values, 'PolicyJson', env);
  if (json !== undefined) return { kind: 'inline', source: `${POLICY_KEY}\\PolicyJson`, json };
  const path = stringValue(values, 'PolicyFile', env);
  if (path !== undefined) return { kind: 'file', path };
  return { kind: 'none' };
}

/** The policy file's text, decoded as the other policy sources are (a BOM picks UTF-8 or UTF-16;
 * bytes that are not text are refused, never read as U+FFFD). */
async function readPolicyText(path: string): Promise<string> {
  const read = decodePolicyBytes(await readFile(path));
  if (read.kind === 'text') return read.text;
  throw new Error(read.kind === 'unreadable' ? `${read.error}. ${adviceFor(read.code)}` : 'no such file');
}

/** Runs `reg query` on the 64-bit view (the MSI is x64). Resolves null when the key does not exist. */
function queryRegistry(key: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile('reg', ['query', key, '/reg:64'], { windowsHide: true, timeout: 10_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      // reg exits 1 with "ERROR: The system was unable to find the specified registry key or value."
      if (typeof error.code === 'number' && error.code === 1 && /unable to find/i.test(stderr)) return resolve(null);
      reject(new WindowsPolicyError('POLICY_REGISTRY_UNREADABLE',
        `Lanyard could not read its machine policy from ${key}. Tell IT: ${stderr.trim() || error.message}`, { cause: error }));
    });
  });
}

export interface WindowsPolicyDeps {
  query?: (key: string) => Promise<string | null>;
  readText?: (path: string) => Promise<string>;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The machine policy set through the registry, or null when there is none (the loader then looks
 * elsewhere / falls to demo mode). `source` names where it came from for error messages. */
export async function readWindowsMachinePolicy(deps: WindowsPolicyDeps = {}): Promise<{ source: string; json: string } | null> {
  const output = await (deps.query ?? queryRegistry)(POLICY_KEY);
  if (output === null) return null;
  const values = parseRegQuery(output);
  const env = deps.env ?? process.env;
  const plan = planMachinePolicy(values, env);
  switch (plan.kind) {
    case 'none':
      return hasRegistrySettings(values) ? { source: POLICY_KEY, json: applyRegistrySettings('{"version":1}', values, env) } : null;
    case 'inline':
      return { source: plan.source, json: applyRegistrySettings(plan.json, values, env) };
    case 'file': {
      let text: string;
      try {
        text = await (deps.readText ?? readPolicyText)(plan.path);
      } catch (cause) {
        throw new WindowsPolicyError('POLICY_FILE_UNREADABLE',
          `Lanyard could not read its policy file ${plan.path} (set by ${POLICY_KEY}\\PolicyFile): ${describeError(cause)}. Check the file exists and this PC can reach it, or tell IT.`, { cause });
      }
      return { source: plan.path, json: applyRegistrySettings(text, values, env) };
    }
  }
}
