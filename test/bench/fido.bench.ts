/**
 * Fingerprint sign-in latency on the virtual key, end to end through CTAPHID framing, CTAP2 and
 * the WebAuthn client, verified by @simplewebauthn/server as the identity provider does.
 * touchToVerified: from the key asking for a finger (KEEPALIVE UPNEEDED) and the finger arriving,
 * to a verified assertion. The sensor itself takes no time here: add a real key's match time
 * (typically 200–500 ms) when comparing with hardware.
 */
import { distribution, measure } from './stats.js';
import { TestRelyingParty, virtualKey } from '../fixtures/fido-rp.js';

export async function run(): Promise<Record<string, unknown>> {
  const rig = virtualKey({ label: 'Lanyard bench key' });
  const key = await rig.open();
  const rp = new TestRelyingParty();
  try {
    const enrol = await measure(20, async () => {
      const result = await rp.verifyRegistration(await key.webauthn.register(await rp.registrationOptions()));
      if (!result.verified) throw new Error('registration not verified');
    });

    const ceremony = await measure(100, async () => {
      const result = await rp.verifyAuthentication(await key.webauthn.authenticate(await rp.authenticationOptions()));
      if (!result.verified) throw new Error('assertion not verified');
    });

    rig.authenticator.setFinger('none');
    const touch: number[] = [];
    for (let i = 0; i < 102; i++) {
      const options = await rp.authenticationOptions();
      let touchedAt = 0;
      const response = await key.webauthn.authenticate(options, {
        onKeepalive: (status) => {
          if (status === 'user-presence-needed' && !touchedAt) {
            touchedAt = performance.now();
            rig.authenticator.touch('match');
          }
        },
      });
      const result = await rp.verifyAuthentication(response);
      if (!result.verified) throw new Error('assertion not verified');
      if (i >= 2) touch.push(performance.now() - touchedAt); // first two are warm-up
    }

    const payload = new Uint8Array(1024);
    const ping = await measure(200, () => key.ctap.channel.ping(payload));

    return {
      unit: 'ms',
      touchToVerified: distribution(touch),
      assertionAndVerifyFingerResting: ceremony,
      enrolAndVerify: enrol,
      ctaphidPing1KiB: ping,
    };
  } finally {
    await key.close();
    rig.transport.unplug(rig.path);
  }
}
