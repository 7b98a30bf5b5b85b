import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCredentialVault } from '../../../main/identity/keychain/open-vault.js';
import type { AuditEvent } from '../../../main/core/ports/audit.js';
import type { Log } from '../../../main/core/ports/log.js';
import { MemoryKeychain } from '../../fixtures/memory-keychain.js';

function recorder() {
  const events: AuditEvent[] = [];
  const logged: string[] = [];
  const log: Log = {
    traffic: () => undefined, debug: () => undefined,
    info: (m) => { logged.push(`info ${m}`); }, warn: (m) => { logged.push(`warn ${m}`); }, error: (m) => { logged.push(`error ${m}`); },
    child: () => log,
  };
  return { events, logged, audit: { record: (e: AuditEvent) => { events.push(e); } }, log };
}

test('an unusable keychain is audited and gives the shell a sentence; secrets stay in memory', async () => {
  const r = recorder();
  const { vault, userMessage } = await openCredentialVault({ audit: r.audit, log: r.log, keychain: new MemoryKeychain('hangs') }, { probeTimeoutMs: 100 });
  assert.equal(vault.persistent, false);
  assert.match(userMessage!, /did not respond/);
  assert.deepEqual(r.events.map((e) => [e.event, e.reason]), [['keychain-unavailable', 'timeout']]);
  assert.deepEqual(r.logged, ['warn keychain unavailable: secrets kept in memory only']);
});

test('a working keychain is not audited and has no message', async () => {
  const r = recorder();
  const opened = await openCredentialVault({ audit: r.audit, log: r.log, keychain: new MemoryKeychain() });
  assert.equal(opened.vault.persistent, true);
  assert.equal(opened.userMessage, undefined);
  assert.deepEqual(r.events, []);
});
