/** The one call main/cli.ts makes for `lanyard --diagnostics [FILE]`: the real keychain, pcsclite
 * and registry, a checkout's rules (not packaged), output for a person on stdout/stderr. */
import { readFileSync } from 'node:fs';
import { collectDiagnostics, defaultDiagnosticsFile, runDiagnostics } from './bundle.js';
import type { Keychain } from '../core/ports/keychain.js';

export { collectDiagnostics };

export async function diagnosticsCommand(file: string | undefined, opts: { dataDir: string; policyFile?: string; demo?: boolean; packaged?: boolean }): Promise<number> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return runDiagnostics(file ?? defaultDiagnosticsFile(opts.dataDir), {
    dataDir: opts.dataDir,
    // As the run it describes would resolve its policy: from a checkout `npm start` is the demo.
    argv: [...(opts.policyFile ? ['--policy', opts.policyFile] : []), ...(opts.demo ? ['--demo'] : [])],
    env: process.env, packaged: opts.packaged ?? false, host: 'chromium', version: pkg.version,
    ...(process.platform === 'win32'
      ? { readMachinePolicy: async () => (await import('../policy/windows-registry.js')).readWindowsMachinePolicy() } : {}),
    keychain: async (): Promise<Keychain | null> => new (await import('../identity/keychain/keytar-keychain.js')).KeytarKeychain(),
  }, { info: (text) => process.stdout.write(`${text}\n`), error: (text) => process.stderr.write(`${text}\n`) });
}
