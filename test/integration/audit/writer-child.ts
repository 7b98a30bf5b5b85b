/** Writes audit lines as fast as it can until it is killed (restart-safety test). */
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';

const [path = '', maxBytes = '200000'] = process.argv.slice(2);
const sink = new FileAuditSink({ path, workstation: 'WARD7-PC03', maxBytes: Number(maxBytes), keep: 200 });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  sink.record({ event: 'app-opened', userId: '555000000001', app: `app-${i % 5}`, detail: { i } });
  if (i % 200 === 0) await new Promise((r) => setImmediate(r));
}
