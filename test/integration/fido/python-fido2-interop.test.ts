import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { CtapStatus } from '../../../main/auth/fido/ctap2/constants.js';
import { startHidBridge } from '../../fixtures/fido-hid-bridge.js';

// Debian's python3-fido2 lives in /usr/bin/python3's dist-packages, not in the first python3 on PATH.
const PYTHON = '/usr/bin/python3';
const PEER = fileURLToPath(new URL('../../fixtures/fido2_peer.py', import.meta.url));

interface PeerResult { code: number; out: Record<string, unknown>; stderr: string }

async function runPeer(authenticator: VirtualAuthenticator, mode: string): Promise<PeerResult> {
  const transport = new VirtualHidTransport();
  const { path } = transport.plug(authenticator);
  const bridge = await startHidBridge(transport, path);
  try {
    return await new Promise<PeerResult>((resolve, reject) => {
      execFile(PYTHON, ['-I', PEER, String(bridge.port), mode], { timeout: 30_000 }, (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: JSON.parse(line) as Record<string, unknown>, stderr });
        } catch {
          reject(new Error(`peer printed no JSON (exit ${String(error?.code)}): ${stdout}\n${stderr}`));
        }
      });
    });
  } finally {
    await bridge.close();
    transport.unplug(path);
  }
}

test('python-fido2 makes a credential and gets an assertion from the virtual key; its server verifies both', async () => {
  // A sensor delay makes the key send KEEPALIVEs, which fido2's CTAPHID reader must also handle.
  const authenticator = new VirtualAuthenticator({ label: 'Lanyard interop key', processingDelayMs: 250 });
  const { code, out, stderr } = await runPeer(authenticator, 'register-authenticate');
  assert.equal(code, 0, `peer failed: ${JSON.stringify(out)} ${stderr}`);
  assert.equal(out['ok'], true);
  assert.equal(out['uv_option'], true);
  assert.equal(out['fmt'], 'packed');
  assert.equal(out['attestation_type'], 'SELF', 'fido2 verified the packed self-attestation');
  assert.equal(out['registered_uv'], true);
  assert.equal(out['asserted_uv'], true);
  assert.equal(out['sign_count'], 1);
  assert.equal(out['aaguid'], Buffer.from(authenticator.aaguid).toString('hex'));
  assert.equal(authenticator.credentials().length, 1);
  assert.equal(authenticator.credentials()[0]!.rpId, 'lanyard.test');
});

test('python-fido2 signs in by touch with a discoverable credential (no allow list) and gets the user handle', async () => {
  const authenticator = new VirtualAuthenticator();
  const { code, out, stderr } = await runPeer(authenticator, 'discoverable');
  assert.equal(code, 0, `peer failed: ${JSON.stringify(out)} ${stderr}`);
  assert.equal(out['user_handle'], '555123456789');
  assert.equal(out['asserted_uv'], true);
  assert.equal(authenticator.credentials()[0]?.discoverable, true);
});

test('python-fido2 gets UV_INVALID for a mismatching finger and the key counts the failed try', async () => {
  const authenticator = new VirtualAuthenticator({ finger: 'mismatch' });
  const { code, out } = await runPeer(authenticator, 'register');
  assert.equal(code, 2);
  assert.equal(out['ok'], false);
  assert.equal(out['ctap_code'], CtapStatus.UV_INVALID);
  assert.equal(authenticator.uvRetries, 2);
  assert.equal(authenticator.credentials().length, 0);
});
