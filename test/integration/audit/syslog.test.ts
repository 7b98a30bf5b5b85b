/** Audit lines forwarded as RFC 5424 syslog to a real collector on 127.0.0.1 (UDP, and TCP with
 * octet counting), and what happens while the collector is down. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FileAuditSink } from '../../../main/audit/file-audit-sink.js';
import { SyslogForwarder } from '../../../main/audit/syslog/syslog-forwarder.js';
import { AuditChain } from '../../../main/audit/audit-chain.js';
import { parseSyslog, deframe, type ParsedSyslog } from '../../unit/audit/syslog-parse.js';

function tempLog(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-syslog-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'audit.jsonl');
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A TCP collector: parses every octet-counted message it receives. */
async function tcpCollector(port = 0): Promise<{ server: Server; port: number; received: ParsedSyslog[]; sockets: Set<Socket> }> {
  const received: ParsedSyslog[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      const { messages, rest } = deframe(Buffer.concat([pending, data]));
      pending = rest;
      received.push(...messages.map(parseSyslog));
    });
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, received, sockets };
}

async function closeCollector(c: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const s of c.sockets) s.destroy();
  await new Promise((r) => c.server.close(r));
}

test('UDP: each written line reaches the collector as RFC 5424 with the file\'s hash', async (t) => {
  const receiver = createSocket('udp4');
  const received: ParsedSyslog[] = [];
  receiver.on('message', (m) => received.push(parseSyslog(m.toString('utf8'))));
  receiver.bind(0, '127.0.0.1');
  await once(receiver, 'listening');
  t.after(() => receiver.close());
  const forwarder = new SyslogForwarder({ host: '127.0.0.1', port: receiver.address().port, protocol: 'udp' });
  const path = tempLog(t);
  const sink = new FileAuditSink({ path, workstation: 'WARD7-PC03', onLine: forwarder.send });
  sink.record({ event: 'card-inserted' });
  sink.record({ event: 'auth-succeeded', userId: '555000000001', role: 'R8000', method: 'smartcard' });
  sink.record({ event: 'app-opened', userId: '555000000001', app: 'patient-record', detail: { ms: 812 } });
  sink.close();
  await until(() => received.length === 3);
  await forwarder.close();
  const fileLines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { hash: string; event: string });
  assert.deepEqual(received.map((m) => m.msgId), ['card-inserted', 'auth-succeeded', 'app-opened']);
  assert.deepEqual(received.map((m) => m.sd['lanyard@32473']?.hash), fileLines.map((l) => l.hash));
  assert.equal(received[1]!.appName, 'lanyard');
  assert.equal(received[1]!.sd['lanyard@32473']?.userId, '555000000001');
  assert.equal(received[2]!.sd['lanyardDetail@32473']?.ms, '812');
  assert.deepEqual(forwarder.stats(), { sent: 3, dropped: 0, queued: 0, connected: true });
});

test('TCP: octet-counted messages arrive complete and in order', async (t) => {
  const collector = await tcpCollector();
  t.after(() => closeCollector(collector));
  const forwarder = new SyslogForwarder({ host: '127.0.0.1', port: collector.port, protocol: 'tcp' });
  const chain = new AuditChain('WARD7-PC03');
  const lines = Array.from({ length: 200 }, (_, i) => chain.next({ event: 'app-opened', app: `app-${i}`, reason: 'with spaces ] and "quotes"' }));
  await until(() => forwarder.stats().connected);
  for (const line of lines) forwarder.send(line);
  await until(() => collector.received.length === 200);
  assert.deepEqual(collector.received.map((m) => Number(m.sd['lanyard@32473']?.seq)), lines.map((l) => l.seq));
  assert.equal(collector.received[5]!.sd['lanyard@32473']?.reason, 'with spaces ] and "quotes"');
  await forwarder.close();
});

test('TCP: a collector that is down costs nothing, drops beyond the queue are counted, and it reconnects', async (t) => {
  // A port with nobody listening (bound once to learn a free one).
  const probe = await tcpCollector();
  const port = probe.port;
  await closeCollector(probe);

  const statuses: string[] = [];
  const forwarder = new SyslogForwarder({ host: '127.0.0.1', port, protocol: 'tcp' }, { maxQueue: 5, reconnectMinMs: 50, reconnectMaxMs: 200, onStatus: (s) => statuses.push(s.connected ? 'up' : 'down') });
  t.after(() => forwarder.close());
  const chain = new AuditChain('WARD7-PC03');
  const started = performance.now();
  for (let i = 0; i < 8; i++) forwarder.send(chain.next({ event: 'locked' }));
  assert.ok(performance.now() - started < 50, 'send never waits for the network');
  assert.deepEqual(forwarder.stats(), { sent: 0, dropped: 3, queued: 5, connected: false });

  const collector = await tcpCollector(port);
  t.after(() => closeCollector(collector));
  await until(() => collector.received.length === 5);
  assert.deepEqual(collector.received.map((m) => Number(m.sd['lanyard@32473']?.seq)), [1, 2, 3, 4, 5]);
  assert.ok(statuses.includes('up'));

  // The collector drops the connection: the forwarder reconnects and later lines get through.
  for (const s of collector.sockets) s.destroy();
  await until(() => !forwarder.stats().connected);
  await until(() => forwarder.stats().connected);
  forwarder.send(chain.next({ event: 'resumed' }));
  await until(() => collector.received.some((m) => m.msgId === 'resumed'));
  assert.equal(forwarder.stats().dropped, 3);
});

test('UDP to nobody: a thousand lines are written without waiting', async (t) => {
  const forwarder = new SyslogForwarder({ host: '127.0.0.1', port: 9, protocol: 'udp' });
  const path = tempLog(t);
  const sink = new FileAuditSink({ path, workstation: 'WARD7-PC03', onLine: forwarder.send });
  const started = performance.now();
  for (let i = 0; i < 1000; i++) sink.record({ event: 'app-opened', app: 'x' });
  const elapsed = performance.now() - started;
  sink.close();
  await forwarder.close();
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 1000);
});
