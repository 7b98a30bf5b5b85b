/**
 * WebAuthn assertions as the reference provider reads them (main/idp/fido/fido-sign-in.ts, which
 * hands authenticator data and signatures on to @simplewebauthn/server): a real assertion of the
 * virtual key over a challenge of the provider, with its client data, authenticator data and
 * signature mutated as bytes, and any member of the JSON replaced by any JSON value.
 */
import fc from 'fast-check';
import { generateRegistrationOptions, verifyRegistrationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { openFidoKey } from '../../../main/auth/fido/fido-key.js';
import { VirtualAuthenticator } from '../../../main/auth/fido/virtual/authenticator.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import { ChallengeStore } from '../../../main/idp/challenge-store.js';
import { FidoCredentialStore, type StoredFidoCredential } from '../../../main/idp/fido/credential-store.js';
import { fidoSignIn } from '../../../main/idp/fido/fido-sign-in.js';
import { webAuthnRpFor } from '../../../main/idp/fido/webauthn-config.js';
import type { FuzzTarget } from '../engine.js';
import { FUZZ_ORIGIN } from '../fido-seeds.js';
import { hexOf, mutatedBytes, utf8 } from '../mutate.js';
import { refusalTyped } from '../typed.js';

const UID = 'interaction-1';

/** A real challenge store whose challenges can be spent again: every input is the same sign-in. */
class ReplayableChallenges extends ChallengeStore {
  readonly #issued = new Map<string, Uint8Array>();
  override issue(uid: string, purpose: 'smartcard' | 'fido') {
    const challenge = super.issue(uid, purpose);
    this.#issued.set(challenge.nonce, challenge.bytes);
    return challenge;
  }
  override spend(nonce: string, uid: string): Uint8Array {
    const bytes = this.#issued.get(nonce);
    return bytes && uid === UID ? bytes : super.spend(nonce, uid);
  }
}

const FIELDS = ['id', 'rawId', 'type', 'response', 'clientExtensionResults', 'authenticatorAttachment',
  'response.clientDataJSON', 'response.authenticatorData', 'response.signature', 'response.userHandle'] as const;
/** '' stands for the whole client data: any JSON document in its place. */
const CLIENT_DATA_MEMBERS = ['', 'type', 'challenge', 'origin', 'crossOrigin', 'tokenBinding'] as const;
const JSON_TOKENS = ['null', '{}', '[]', '"', '1e400', '-0', 'true', '"\\u0000"', '{"__proto__":1}', '"webauthn.get"'].map(utf8);

interface Input {
  clientData: Uint8Array | null; authData: Uint8Array; signature: Uint8Array;
  clientDataMember: { member: string; value: unknown } | null;
  override: { field: string; value: unknown } | null;
}

/** Most inputs change one part only, so each change is tried against an otherwise valid assertion. */
const keepOrMutate = (seed: Uint8Array, mutated: fc.Arbitrary<Uint8Array>) => fc.oneof({ weight: 2, arbitrary: fc.constant(seed) }, { weight: 1, arbitrary: mutated });

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');

export const webauthnTarget: FuzzTarget = {
  name: 'webauthn',
  about: 'client data and authenticator data of assertions, as the reference provider verifies them',
  async setup() {
    const rp = webAuthnRpFor(FUZZ_ORIGIN);
    const challenges = new ReplayableChallenges(FUZZ_ORIGIN, 60_000);
    const transport = new VirtualHidTransport();
    const { path } = transport.plug(new VirtualAuthenticator({ label: 'fuzz key', attestation: 'none' }));
    const key = await openFidoKey(transport, path, { origin: FUZZ_ORIGIN });
    const regOptions = await generateRegistrationOptions({
      rpName: rp.rpName, rpID: rp.rpId, userName: '555123456789', userID: new TextEncoder().encode('555123456789'), attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, supportedAlgorithmIDs: [-7],
    });
    const registration = await verifyRegistrationResponse({
      response: await key.webauthn.register(regOptions), expectedChallenge: regOptions.challenge,
      expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: true,
    });
    if (!registration.verified) throw new Error('seed registration did not verify');
    const { credential } = registration.registrationInfo;
    const stored: StoredFidoCredential = { id: credential.id, userId: '555123456789', publicKey: credential.publicKey, counter: 0, createdAt: 0 };
    const { options } = await fidoSignIn(rp, new FidoCredentialStore(), challenges).describe(UID) as { options: Parameters<typeof key.webauthn.authenticate>[0] };
    const seed: AuthenticationResponseJSON = await key.webauthn.authenticate(options);
    await key.close();
    // The seed must sign in: otherwise the fuzzer would only ever explore refusals.
    const check = new FidoCredentialStore();
    check.add(stored);
    await fidoSignIn(rp, check, challenges).verify(UID, { response: seed });

    const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
    const json = fc.jsonValue({ maxDepth: 2 });
    const arbitrary = fc.record({
      clientData: fc.option(mutatedBytes([fromB64(seed.response.clientDataJSON)], { dictionary: JSON_TOKENS }), { freq: 2 }),
      authData: keepOrMutate(fromB64(seed.response.authenticatorData), mutatedBytes([fromB64(seed.response.authenticatorData)], { maxRepeat: 4 })),
      signature: keepOrMutate(fromB64(seed.response.signature), mutatedBytes([fromB64(seed.response.signature)])),
      clientDataMember: fc.option(fc.record({ member: fc.constantFrom(...CLIENT_DATA_MEMBERS), value: json }), { freq: 3 }),
      override: fc.option(fc.record({ field: fc.constantFrom(...FIELDS), value: json }), { freq: 3 }),
    });

    const build = (input: Input): Record<string, unknown> => {
      let clientData = input.clientData ?? fromB64(seed.response.clientDataJSON);
      if (input.clientDataMember) {
        let parsed: unknown;
        try { parsed = JSON.parse(Buffer.from(clientData).toString('utf8')); } catch { parsed = {}; }
        const object = typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
        const { member, value } = input.clientDataMember;
        clientData = utf8(JSON.stringify(member === '' ? value : { ...object, [member]: value }));
      }
      const response: Record<string, unknown> = {
        ...seed,
        response: { ...seed.response, clientDataJSON: b64(clientData), authenticatorData: b64(input.authData), signature: b64(input.signature) },
      };
      if (input.override) {
        const [outer, inner] = input.override.field.split('.') as [string, string | undefined];
        if (inner) (response.response as Record<string, unknown>)[inner] = input.override.value;
        else response[outer] = input.override.value;
      }
      return { response };
    };

    return {
      arbitrary,
      async run(input: Input) {
        const credentials = new FidoCredentialStore();
        credentials.add(stored);
        await fidoSignIn(rp, credentials, challenges).verify(UID, build(input));
        return undefined;
      },
      typed: refusalTyped,
      show: (input: Input) => [
        `clientDataJSON=${hexOf(input.clientData ?? new Uint8Array(0))}${input.clientData ? '' : ' (seed)'}`,
        `authenticatorData=${hexOf(input.authData)}`, `signature=${hexOf(input.signature)}`,
        `clientDataMember=${JSON.stringify(input.clientDataMember)}`, `override=${JSON.stringify(input.override)}`,
        `body=${hexOf(utf8(JSON.stringify(build(input))))}`,
      ].join('\n'),
    };
  },
};
