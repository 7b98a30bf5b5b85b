/** Opens the audit sink the policy asks for: the hash-chained file (policy `audit.file`, or the data
 * folder), each written line also forwarded as RFC 5424 syslog when the policy names a collector. */
import { join } from 'node:path';
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';
import { FileAuditSink, SyslogForwarder } from '../audit/index.js';

export async function openAudit(policy: Policy, dataDir: string, log: Log): Promise<AuditSink & { close(): Promise<void> }> {
  const target = policy.audit.syslog;
  const forwarder = target ? new SyslogForwarder({ host: target.host, port: target.port, protocol: target.protocol }, {
    onStatus: (s) => log.warn('syslog collector', { connected: s.connected, dropped: s.dropped, error: s.error ?? '' }),
  }) : undefined;
  const sink = new FileAuditSink({
    path: policy.audit.file ?? join(dataDir, 'audit.jsonl'),
    workstation: policy.station.name,
    maxBytes: policy.audit.maxBytes,
    // Signed checkpoints (docs/audit.md): the key lives in its own folder, not beside the audit file.
    checkpoints: { keyDir: policy.audit.keyDir ?? join(dataDir, 'audit-key') },
    ...(forwarder ? { onLine: forwarder.send } : {}),
    onError: (error) => log.error('audit log not writable: lines kept in memory and retried', { error: String(error) }),
  });
  return {
    record: (event) => sink.record(event),
    close: async () => { sink.close(); await forwarder?.close(); },
  };
}
