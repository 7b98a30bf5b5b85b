/** Opens the audit sink the policy asks for: the hash-chained file (policy `audit.file`, or the data
 * folder). */
import { join } from 'node:path';
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';
import { FileAuditSink } from '../audit/file-audit-sink.js';

export async function openAudit(policy: Policy, dataDir: string, log: Log): Promise<AuditSink & { close(): Promise<void> }> {
  const sink = new FileAuditSink({
    path: policy.audit.file ?? join(dataDir, 'audit.jsonl'),
    workstation: policy.station.name,
    maxBytes: policy.audit.maxBytes,
    onError: (error) => log.error('audit log not writable: lines kept in memory and retried', { error: String(error) }),
  });
  return { record: (event) => sink.record(event), close: async () => sink.close() };
}
