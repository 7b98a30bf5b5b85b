/**
 * Audit log costs: latency of one `record` (the call the UI thread makes), throughput, the same with
 * syslog forwarding over UDP to a local receiver, and `verify` time per 10,000 lines.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuditSink } from '../../main/audit/file-audit-sink.js';
import { SyslogForwarder } from '../../main/audit/syslog/syslog-forwarder.js';
import { verifyAuditLog } from '../../main/audit/verify.js';
import { distribution, measure } from './stats.js';
import type { AuditEvent } from '../../main/core/ports/audit.js';

const event = (i: number): AuditEvent => ({ event: 'app-opened', userId: '555000000001', role: 'R8000', app: 'patient-record', method: 'smartcard', detail: { i, ms: 812 } });

/** Per-call latency of `record`, with rotation every ~1 MB. */
function recordLatencies(sink: FileAuditSink, n: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    sink.record(event(i));
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-audit-bench-'));
  try {
    const plain = new FileAuditSink({ path: join(dir, 'plain.jsonl'), workstation: 'BENCH-PC', maxBytes: 1024 * 1024, keep: 3 });
    recordLatencies(plain, 500); // warm-up
    const recordMs = distribution(recordLatencies(plain, 20_000));
    plain.close();

    const batch = 1000;
    const tp = new FileAuditSink({ path: join(dir, 'tp.jsonl'), workstation: 'BENCH-PC', maxBytes: 1024 * 1024, keep: 3 });
    const per1000 = await measure(20, () => { for (let i = 0; i < batch; i++) tp.record(event(i)); });
    tp.close();

    const receiver = createSocket('udp4');
    let received = 0;
    receiver.on('message', () => { received++; });
    receiver.bind(0, '127.0.0.1');
    await once(receiver, 'listening');
    const forwarder = new SyslogForwarder({ host: '127.0.0.1', port: receiver.address().port, protocol: 'udp' });
    const forwarded = new FileAuditSink({ path: join(dir, 'fwd.jsonl'), workstation: 'BENCH-PC', onLine: forwarder.send });
    const withSyslogMs = distribution(recordLatencies(forwarded, 5000));
    forwarded.close();
    await new Promise((r) => setTimeout(r, 200));
    const udp = { ...forwarder.stats(), received };
    await forwarder.close();
    receiver.close();

    const tenK = join(dir, 'verify.jsonl');
    const v = new FileAuditSink({ path: tenK, workstation: 'BENCH-PC', maxBytes: 1e9 });
    for (let i = 0; i < 10_000; i++) v.record(event(i));
    v.close();
    const verifyPer10k = await measure(10, () => {
      const result = verifyAuditLog([tenK]);
      if (!result.ok || result.lines !== 10_000) throw new Error('bench log did not verify');
    }, 1);

    return {
      recordMs,
      linesPerSecond: Math.round(batch / (per1000.p50 / 1000)),
      msPer1000Records: per1000,
      recordWithUdpSyslogMs: withSyslogMs,
      // 5000 records in one synchronous burst: UDP sends complete only when the loop yields, so most
      // exceed the in-flight limit and are dropped (counted); the receiver also loses datagrams.
      udpSyslogBurst5000: udp,
      verifyMsPer10kLines: verifyPer10k,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
