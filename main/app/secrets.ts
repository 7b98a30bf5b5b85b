/**
 * The keychain-backed secret store. At start-up it probes the OS keychain (a locked one must not
 * hang a tap later) and removes every session entry a previous run left behind: a Lanyard that was
 * killed never leaves a session's passwords readable for the next person. Sign-ins users chose to
 * remember are not session entries (sealed with their own vault key, docs/keychain.md) and stay.
 */
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import { CredentialVault, KeytarKeychain } from '../identity/keychain/index.js';

export async function openSecrets(log: Log, audit: AuditSink, vault?: CredentialVault): Promise<CredentialVault> {
  const opened = vault ?? await CredentialVault.open(new KeytarKeychain());
  if (!opened.persistent && opened.status.ok === false) {
    log.warn('keychain unavailable: secrets kept in memory only', { reason: opened.status.reason, detail: opened.status.detail });
    audit.record({ event: 'keychain-unavailable', reason: opened.status.reason });
    return opened;
  }
  for (const userId of await opened.listUsers().catch(() => [])) {
    await opened.forgetUser(userId).catch((error: unknown) => log.warn('left-over keychain entry not removed', { error: String(error) }));
    audit.record({ event: 'session-ended', userId, reason: 'left over from a previous run: keychain entries removed' });
  }
  return opened;
}
