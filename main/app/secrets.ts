/** Opens the keychain-backed secret store. (Interim: none until main/identity/keychain lands.) */
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import type { SecretStore } from './station-controller.js';

export async function openSecrets(_log: Log, _audit: AuditSink): Promise<SecretStore | undefined> {
  return undefined;
}
