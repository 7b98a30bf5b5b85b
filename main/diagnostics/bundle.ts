/**
 * `lanyard --diagnostics [FILE]`: one JSON file IT attaches to a ticket. Versions, host, the
 * effective policy (secrets removed) with where each setting came from, card readers and ATRs,
 * pcscd, the keychain probe, the identity provider's discovery, the audit chain's state and the
 * last log lines. Every live check has a short timeout and reports failure as data; the whole
 * bundle passes through scrub() last, so no PIN, token, password or cookie can leave in it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, release, type as osType } from 'node:os';
import { join } from 'node:path';
import type { Keychain } from '../core/ports/keychain.js';
import type { Policy } from '../core/policy/types.js';
import { resolvePolicy, type PolicyResolution } from '../policy/resolve.js';
import { REGISTRY_SETTINGS } from '../policy/admx-layout.js';
import { orderOldestFirst, rotatedName, verifyAuditLog } from '../audit/index.js';
import { LOG_FILE_NAME } from '../app/log-file.js';
import { pcscdState, probeIdentityProvider, probeKeychainReport, probeReaders } from './probes.js';
import { scrub, scrubText } from './scrub.js';

export interface DiagnosticsOptions {
  dataDir: string;
  /** Command-line arguments (for `--policy FILE` in a checkout). */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  packaged: boolean;
  host: 'chromium' | 'electron';
  version: string;
  readMachinePolicy?: () => Promise<{ source: string; json: string } | null>;
  keychain: () => Promise<Keychain | null>;
  logLines?: number;
  timeoutMs?: number;
  readers?: Parameters<typeof probeReaders>[1];
}

const pick = (document: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), document);

/** Where each setting's value came from: the policy source that set it, or the schema default. */
function origins(resolution: Extract<PolicyResolution, { kind: 'policy' }>): Record<string, string> {
  let raw: unknown = null;
  try { if (existsSync(resolution.source)) raw = JSON.parse(readFileSync(resolution.source, 'utf8')); } catch { raw = null; }
  const fromRegistry = resolution.source.startsWith('HKLM\\');
  return Object.fromEntries(REGISTRY_SETTINGS.map((s) => {
    const set = pick(resolution.policy, s.path) !== undefined;
    const explicit = raw === null ? (fromRegistry ? 'registry' : 'source') : pick(raw, s.path) !== undefined ? 'source' : 'default';
    return [s.path, !set ? 'not set' : explicit === 'default' ? 'default' : fromRegistry ? `${resolution.source} (Group Policy or MSI)` : resolution.source];
  }));
}

function effectivePolicy(policy: Policy): unknown {
  const fingerprint = (pem: string): string => {
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return createHash('sha256').update(der).digest('hex');
  };
  return { ...policy, trustedCardCAs: policy.trustedCardCAs.map((pem) => ({ sha256: fingerprint(pem) })) };
}

function auditState(policy: Policy | null, dataDir: string): unknown {
  const file = policy?.audit.file ?? join(dataDir, 'audit.jsonl');
  const files = [file, ...Array.from({ length: 50 }, (_, n) => rotatedName(file, n + 1))].filter((f) => existsSync(f));
  if (files.length === 0) return { file, present: false };
  try {
    return { file, present: true, ...verifyAuditLog(orderOldestFirst(files)) };
  } catch (error) {
    return { file, present: true, ok: false, error: String((error as Error).message ?? error) };
  }
}

function logTail(dataDir: string, count: number): unknown[] {
  const file = join(dataDir, LOG_FILE_NAME);
  const lines: string[] = [];
  for (const path of [file, rotatedName(file, 1)]) {
    if (lines.length >= count || !existsSync(path)) continue;
    lines.unshift(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
  }
  return lines.slice(-count).map((line) => {
    try { return scrub(JSON.parse(line)); } catch { return scrubText(line); }
  });
}

export async function collectDiagnostics(options: DiagnosticsOptions): Promise<Record<string, unknown>> {
  const ms = options.timeoutMs ?? 2000;
  const resolution = await resolvePolicy({
    // `--demo` from a checkout (npm start passes it): the bundle describes the demo run it would start.
    argv: options.argv, env: options.env, packaged: options.packaged, demoRequested: options.argv.includes('--demo'),
    ...(options.readMachinePolicy ? { readMachinePolicy: options.readMachinePolicy } : {}),
  });
  const policy = resolution.kind === 'policy' ? resolution.policy : null;
  const [readers, keychain, identityProvider] = await Promise.all([
    probeReaders(Math.min(ms, 1500), options.readers),
    options.keychain().then((k) => probeKeychainReport(k, ms), (error: unknown) => ({ ok: false, reason: 'unavailable', detail: String(error) })),
    probeIdentityProvider(policy?.identityProvider.issuer, ms),
  ]);
  const bundle = {
    kind: 'lanyard-diagnostics', formatVersion: 1, createdAt: new Date().toISOString(),
    versions: { lanyard: options.version, node: process.versions.node, electron: process.versions['electron'] ?? null,
      chromium: process.versions['chrome'] ?? null, os: `${osType()} ${release()}`, arch: process.arch },
    host: { hostname: hostname(), shell: options.host, packaged: options.packaged, dataDir: options.dataDir },
    policy: policy && resolution.kind === 'policy'
      ? { state: 'policy', source: resolution.source, settings: effectivePolicy(policy), origins: origins(resolution),
          ...(resolution.refusedOverride ? { refusedOverride: resolution.refusedOverride } : {}) }
      : resolution.kind === 'demo'
        ? { state: 'demo', message: 'Demo mode from a checkout: its own virtual cards, keys, provider and apps; no machine policy.' }
        : { state: resolution.kind, ...('message' in resolution ? { message: resolution.message } : {}) },
    pcscd: pcscdState(), readers, keychain, identityProvider: scrub(identityProvider, [], true),
    audit: auditState(policy, options.dataDir),
    log: { file: join(options.dataDir, LOG_FILE_NAME), lines: logTail(options.dataDir, options.logLines ?? 200) },
  };
  // `identityProvider` keeps key names such as token_endpoint (URLs); everything else is key-scrubbed.
  const { identityProvider: idp, ...rest } = bundle;
  return { ...(scrub(rest) as Record<string, unknown>), identityProvider: scrub(idp, [], true) };
}

export class DiagnosticsWriteError extends Error {
  readonly code = 'DIAGNOSTICS_NOT_WRITABLE';
  constructor(file: string, cause: unknown) {
    super(`Lanyard could not write the support bundle to ${file} (${String((cause as Error).message ?? cause)}). Choose a folder you can write to, e.g. lanyard --diagnostics %TEMP%\\lanyard-diagnostics.json.`, { cause });
    this.name = 'DiagnosticsWriteError';
  }
}

/** Collects and writes the bundle; resolves the exit code (0 written, 3 path not writable). */
export async function runDiagnostics(file: string, options: DiagnosticsOptions, out: { info(text: string): void; error(text: string): void }): Promise<number> {
  // Check the path before the slow probes, so a bad path is answered at once.
  try { writeFileSync(file, '', { flag: 'a' }); } catch (cause) { out.error(new DiagnosticsWriteError(file, cause).message); return 3; }
  const bundle = await collectDiagnostics(options);
  try {
    writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
  } catch (cause) {
    out.error(new DiagnosticsWriteError(file, cause).message);
    return 3;
  }
  out.info(`Support bundle written to ${file}. Attach it to the service desk ticket.`);
  return 0;
}

export const defaultDiagnosticsFile = (dataDir: string): string =>
  join(dataDir, `diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
