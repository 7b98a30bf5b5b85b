/**
 * Entry point for the shell: open a FIDO device found on a HidTransport and get a WebAuthn client
 * for it. One channel per open key; close it when the key is pulled or the ceremony is over.
 */
import type { HidDeviceInfo, HidTransport } from '../../core/ports/hid-transport.js';
import type { Log } from '../../core/ports/log.js';
import { CtaphidChannel } from './ctaphid/channel.js';
import { FidoError } from './errors.js';
import { Ctap2Client, type AuthenticatorInfo } from './ctap2/client.js';
import { WebAuthnClient } from './webauthn-client.js';

export interface FidoKey {
  readonly device: HidDeviceInfo;
  readonly info: AuthenticatorInfo;
  readonly webauthn: WebAuthnClient;
  readonly ctap: Ctap2Client;
  close(): Promise<void>;
}

/** Opens the key at `path`, allocates a CTAPHID channel and checks it verifies fingerprints itself. */
export async function openFidoKey(transport: HidTransport, path: string, options: { origin: string; log?: Log }): Promise<FidoKey> {
  const device = await transport.open(path);
  try {
    const channel = await CtaphidChannel.open(device, { log: options.log });
    if (!channel.supportsCbor) {
      throw new FidoError('invalid-command', 'device does not speak CTAP2 (no CBOR capability)',
        'This security key does not support fingerprint sign-in for Lanyard: sign in with your smartcard.');
    }
    const ctap = new Ctap2Client(channel);
    const webauthn = new WebAuthnClient(ctap, { origin: options.origin });
    const info = await webauthn.authenticatorInfo();
    return { device: device.info, info, webauthn, ctap, close: () => channel.close() };
  } catch (e) {
    await device.close().catch(() => undefined);
    throw e;
  }
}
