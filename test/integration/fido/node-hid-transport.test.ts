import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeHidTransport } from '../../../main/auth/fido/node-hid-transport.js';
import { CtaphidError } from '../../../main/auth/fido/ctaphid/errors.js';

// No HID device can exist on the build machines (ENVIRONMENT.md): this proves the real hidapi
// binding loads, enumerates and filters, and that polling starts and stops cleanly.
test('node-hid enumerates (no FIDO devices here) and opening a missing key is device-removed', async () => {
  const transport = new NodeHidTransport(50);
  const devices = await transport.list();
  assert.ok(Array.isArray(devices));
  for (const d of devices) assert.equal(typeof d.path, 'string');
  await assert.rejects(transport.open('/dev/hidraw-none'), (e: unknown) => e instanceof CtaphidError && e.code === 'device-removed');
});

test('subscribing polls enumerate and unsubscribing stops the poller', async () => {
  const transport = new NodeHidTransport(20);
  const events: string[] = [];
  const unsubscribe = transport.subscribe((e) => events.push(`${e.type}:${e.device.path}`));
  await new Promise((r) => setTimeout(r, 120));
  unsubscribe();
  const present = await transport.list();
  assert.equal(events.length, present.length, 'each present device reported once as added, nothing removed');
});
