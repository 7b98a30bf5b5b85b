/** Start-up wiring: the OS keychain through keytar, probed; when it does not work the vault runs in
 * memory only, the audit log records `keychain-unavailable`, and the shell has a sentence to show. */
import type { AuditSink } from '../../core/ports/audit.js';
import type { Keychain } from '../../core/ports/keychain.js';
import type { Log } from '../../core/ports/log.js';
import { CredentialVault, type VaultOptions } from './credential-vault.js';
import { KeytarKeychain } from './keytar-keychain.js';

export interface OpenedVault {
  vault: CredentialVault;
  /** For the shell's banner when secrets are memory-only; undefined when the keychain works. */
  userMessage?: string;
}

export async function openCredentialVault(deps: { audit: AuditSink; log: Log; keychain?: Keychain }, options: VaultOptions = {}): Promise<OpenedVault> {
  const vault = await CredentialVault.open(deps.keychain ?? new KeytarKeychain(), options);
  const status = vault.status;
  if (status.ok) {
    deps.log.info('keychain available', { ms: Math.round(status.ms) });
    return { vault };
  }
  deps.log.warn('keychain unavailable: secrets kept in memory only', { reason: status.reason, detail: status.detail, ms: Math.round(status.ms) });
  deps.audit.record({ event: 'keychain-unavailable', reason: status.reason, detail: { probeMs: Math.round(status.ms) } });
  return { vault, userMessage: status.userMessage };
}
