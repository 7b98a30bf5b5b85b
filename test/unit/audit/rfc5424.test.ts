import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSyslog, frameOctetCounted, severityOf } from '../../../main/audit/syslog/rfc5424.js';
import { AuditChain } from '../../../main/audit/audit-chain.js';
import { hashOf, type AuditLine } from '../../../main/audit/audit-line.js';
import { parseSyslog, deframe } from './syslog-parse.js';

const chain = new AuditChain('WARD 7 PC03', undefined, () => Date.UTC(2026, 10, 23, 9, 30, 1, 250));
const line = chain.next({ event: 'pin-failed', userId: '555000000001', method: 'smartcard', reason: 'wrong "PIN" [2 left] \\ try', detail: { triesLeft: 2, 'bad key=x': 'a]b' } });

test('an audit line becomes an RFC 5424 message with its fields as structured data', () => {
  const text = formatSyslog(line, { procId: '4242' });
  const parsed = parseSyslog(text);
  assert.equal(parsed.pri, 10 * 8 + 4); // authpriv.warning
  assert.equal(parsed.version, 1);
  assert.equal(parsed.timestamp, '2026-11-23T09:30:01.250Z');
  assert.equal(parsed.hostname, 'WARD-7-PC03');
  assert.equal(parsed.appName, 'lanyard');
  assert.equal(parsed.procId, '4242');
  assert.equal(parsed.msgId, 'pin-failed');
  assert.deepEqual(parsed.sd['lanyard@32473'], {
    seq: '1', workstation: 'WARD 7 PC03', userId: '555000000001', method: 'smartcard',
    reason: 'wrong "PIN" [2 left] \\ try', prev: line.prev, hash: line.hash,
  });
  assert.deepEqual(parsed.sd['lanyardDetail@32473'], { triesLeft: '2', 'bad_key_x': 'a]b' });
  const carried = JSON.parse(parsed.msg) as AuditLine;
  assert.deepEqual(carried, line);
  assert.equal(hashOf(carried), line.hash, 'a collector can verify the chain from MSG');
});

test('severity follows the event', () => {
  assert.equal(severityOf('auth-failed'), 4);
  assert.equal(severityOf('logout'), 5);
  assert.equal(severityOf('app-opened'), 6);
  // A moved-aside preferences file and a failed token refresh are for IT's attention.
  assert.equal(severityOf('preferences-corrupt'), 4);
  assert.equal(severityOf('token-refresh-failed'), 4);
  assert.equal(severityOf('toString'), 6, 'an unknown name is informational, never an inherited property');
});

test('octet counting counts bytes, not characters', () => {
  const framed = frameOctetCounted('é€ x');
  assert.equal(framed.toString('utf8'), '7 é€ x');
  const two = Buffer.concat([framed, frameOctetCounted('next'), Buffer.from('12 parti')]);
  const { messages, rest } = deframe(two);
  assert.deepEqual(messages, ['é€ x', 'next']);
  assert.equal(rest.toString(), '12 parti');
});
