/** Opens the audit sink the policy asks for. (Interim: logs events until main/audit lands.) */
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';

export async function openAudit(_policy: Policy, _dataDir: string, log: Log): Promise<AuditSink & { close?(): Promise<void> }> {
  return { record: (event) => log.info('audit', { ...event }) };
}
