/**
 * Sign-in by FIDO2 assertion with user verification (fingerprint on the key): a sign-in method for
 * the provider's interaction. Discoverable credentials, so the key tells who is signing in; the
 * challenge is single-use and bound to the interaction; signature counters must move forward.
 */
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { ChallengeStore } from '../challenge-store.js';
import type { SignInMethod } from '../interactions.js';
import { SignInRefused } from '../refusals.js';
import type { FidoCredentialStore } from './credential-store.js';
import { FIDO_AMR_VALUES, type WebAuthnRp } from './webauthn-config.js';
import { authenticationResponseOf, clientDataOf } from './webauthn-shape.js';

const CHALLENGE_PREFIX = 'lanyard-sign-in:fido:';

export function fidoSignIn(rp: WebAuthnRp, credentials: FidoCredentialStore, challenges: ChallengeStore): SignInMethod {
  return {
    name: 'fido',
    async describe(uid) {
      const challenge = challenges.issue(uid, 'fido');
      const options = await generateAuthenticationOptions({
        rpID: rp.rpId, userVerification: 'required', challenge: new Uint8Array(challenge.bytes), timeout: 60_000, allowCredentials: [],
      });
      return { options };
    },
    async verify(uid, body) {
      const response = authenticationResponseOf(body);
      const expected = challengeOf(response);
      const nonce = new TextDecoder().decode(expected).split(':').at(-1) ?? '';
      const issued = challenges.spend(nonce, uid);
      if (Buffer.compare(Buffer.from(issued), Buffer.from(expected)) !== 0) throw new SignInRefused('stale-nonce', 'challenge does not match the one issued');
      const credential = credentials.get(response.id);
      if (!credential) throw new SignInRefused('unknown-credential', `credential ${response.id} is not registered`);
      let result;
      try {
        result = await verifyAuthenticationResponse({
          response, expectedChallenge: Buffer.from(issued).toString('base64url'), expectedOrigin: rp.origin, expectedRPID: rp.rpId,
          requireUserVerification: true,
          credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: credential.counter },
        });
      } catch (cause) {
        throw new SignInRefused('fido-failed', cause instanceof Error ? cause.message : String(cause), { cause });
      }
      if (!result.verified || !result.authenticationInfo.userVerified) throw new SignInRefused('fido-failed', 'assertion not verified with user verification');
      credentials.updateCounter(credential.id, result.authenticationInfo.newCounter);
      return { userId: credential.userId, amr: [...FIDO_AMR_VALUES] };
    },
  };
}

function challengeOf(response: AuthenticationResponseJSON): Uint8Array {
  const clientData = clientDataOf(response.response.clientDataJSON);
  if (typeof clientData.challenge !== 'string') throw new SignInRefused('bad-request', 'clientDataJSON has no challenge');
  const bytes = new Uint8Array(Buffer.from(clientData.challenge, 'base64url'));
  if (!new TextDecoder().decode(bytes).startsWith(CHALLENGE_PREFIX)) throw new SignInRefused('stale-nonce', 'not a challenge of this provider');
  return bytes;
}
