/**
 * Real FIDO traffic to start from: the virtual authenticator behind the in-process HID transport,
 * driven by the real CTAPHID channel and CTAP2/WebAuthn clients, every input report and every
 * CTAP2 answer recorded. Plus replaying peers for both layers.
 */
import { generateAuthenticationOptions, generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { CtaphidChannel } from '../../main/auth/fido/ctaphid/channel.js';
import { CtaphidError } from '../../main/auth/fido/ctaphid/errors.js';
import { openFidoKey } from '../../main/auth/fido/fido-key.js';
import { VirtualAuthenticator } from '../../main/auth/fido/virtual/authenticator.js';
import type { CborContext, CborHandler } from '../../main/auth/fido/virtual/ctaphid-responder.js';
import { VirtualHidTransport } from '../../main/auth/fido/virtual/virtual-hid-transport.js';
import type { HidDevice } from '../../main/core/ports/hid-transport.js';

export const FUZZ_ORIGIN = 'http://localhost:8443';
export const FUZZ_RP_ID = 'localhost';
export const FIXED_NONCE = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
export const PING_DATA = Uint8Array.from({ length: 150 }, (_, i) => i);

export interface FidoSeeds {
  /** Input reports of: INIT, PING of 150 bytes, CBOR getInfo. */
  reports: Uint8Array[];
  /** CTAP2 answers (status + CBOR) of: getInfo, makeCredential, getAssertion, in that order. */
  ctapAnswers: Uint8Array[];
  registration: PublicKeyCredentialCreationOptionsJSON;
  authentication: PublicKeyCredentialRequestOptionsJSON;
}

let cached: Promise<FidoSeeds> | undefined;
export function fidoSeeds(): Promise<FidoSeeds> {
  cached ??= build();
  return cached;
}

async function build(): Promise<FidoSeeds> {
  const authenticator = new VirtualAuthenticator({ label: 'fuzz seed key', attestation: 'none' });
  const transport = new VirtualHidTransport();
  const { path } = transport.plug(authenticator);
  const device = await transport.open(path);
  const reports: Uint8Array[] = [];
  const recording: HidDevice = {
    info: device.info, write: (r) => device.write(r), close: () => device.close(),
    read: async (ms) => { const r = await device.read(ms); reports.push(r); return r; },
  };
  const channel = await CtaphidChannel.open(recording, { nonce: () => FIXED_NONCE });
  await channel.ping(PING_DATA);
  await channel.cbor(Uint8Array.of(0x04));
  await channel.close();

  const ctapAnswers: Uint8Array[] = [];
  const recorder: CborHandler = {
    async handleCbor(request: Uint8Array, ctx: CborContext) {
      const answer = await authenticator.handleCbor(request, ctx);
      ctapAnswers.push(answer);
      return answer;
    },
  };
  const transport2 = new VirtualHidTransport();
  const plugged = transport2.plug(recorder);
  const registration = await generateRegistrationOptions({
    rpName: 'fuzz', rpID: FUZZ_RP_ID, userName: 'dr.jones', userID: new TextEncoder().encode('555123456789'),
    attestationType: 'none', authenticatorSelection: { userVerification: 'required', residentKey: 'required' }, supportedAlgorithmIDs: [-7],
  });
  const key = await openFidoKey(transport2, plugged.path, { origin: FUZZ_ORIGIN });
  const registered = await key.webauthn.register(registration);
  const authentication = await generateAuthenticationOptions({ rpID: FUZZ_RP_ID, userVerification: 'required', allowCredentials: [{ id: registered.id }] });
  await key.webauthn.authenticate(authentication);
  await key.close();
  return { reports: reports.filter((r) => r.length > 0), ctapAnswers, registration, authentication };
}

/** A HID device that gives `reports` to reads in order and then is unplugged; writes go nowhere. */
export function replayDevice(reports: readonly Uint8Array[]): HidDevice {
  let next = 0;
  return {
    info: { path: 'fuzz', product: 'fuzz replay', vendorId: 0, productId: 0 },
    write: async () => undefined,
    read: async () => {
      const r = reports[next++];
      if (!r) throw new CtaphidError('device-removed', 'fuzz script ended');
      return r;
    },
    close: async () => undefined,
  };
}
