/**
 * CTAP2 answers and their CBOR (main/auth/fido/ctap2/*.ts, cbor.ts) and the WebAuthn client's
 * reading of them (authenticator data, attestation): a replaying authenticator behind the real
 * CTAPHID responder gives mutated real answers to getInfo, makeCredential, getAssertion and more.
 */
import { openFidoKey } from '../../../main/auth/fido/fido-key.js';
import { decodeCbor, encodeCanonical } from '../../../main/auth/fido/ctap2/cbor.js';
import { parseAuthData } from '../../../main/auth/fido/ctap2/auth-data.js';
import { FidoError } from '../../../main/auth/fido/errors.js';
import type { CborHandler } from '../../../main/auth/fido/virtual/ctaphid-responder.js';
import { VirtualHidTransport } from '../../../main/auth/fido/virtual/virtual-hid-transport.js';
import type { FuzzTarget } from '../engine.js';
import { fidoSeeds, FUZZ_ORIGIN } from '../fido-seeds.js';
import { hexOf, mutatedSequence } from '../mutate.js';
import { fidoTyped } from '../typed.js';

/** CBOR heads worth dropping in: huge lengths, indefinite lengths, tags, simple values, floats. */
const CBOR_TOKENS = [
  [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x9a, 0xff, 0xff, 0xff, 0xff], [0xba, 0x7f, 0xff, 0xff, 0xff],
  [0x5f], [0x9f], [0xbf], [0xff], [0xc1], [0xd8, 0x1c], [0xd9, 0xd9, 0xf7], [0xf7], [0xf8, 0x20], [0xfb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0],
  [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0xa1, 0x01, 0xf6],
  [0x3f], [0x2e], [0x00],
].map((t) => Uint8Array.from(t));

/** Answers the n-th CTAP2 request with the n-th scripted answer; CTAP2_ERR_OTHER after the last. */
function replayAuthenticator(answers: readonly Uint8Array[]): CborHandler {
  let next = 0;
  return { handleCbor: async () => answers[next++] ?? Uint8Array.of(0x7f) };
}

export const ctap2Target: FuzzTarget = {
  name: 'ctap2',
  about: 'CTAP2 CBOR answers through CTAPHID into the CTAP2 and WebAuthn clients',
  async setup() {
    const { ctapAnswers, registration, authentication } = await fidoSeeds();
    const [info, made, asserted] = ctapAnswers as [Uint8Array, Uint8Array, Uint8Array];
    // The flow asks getInfo, makeCredential, getAssertion, getNextAssertion, clientPIN(getUVRetries).
    const retries = Uint8Array.of(0x00, ...encodeCanonical(new Map([[0x05, 3]])));
    const sequences = [
      [info, made, asserted, asserted, retries],
      // A wrong finger: UV_INVALID, then the client asks for the retries left.
      [info, made, Uint8Array.of(0x3f), retries],
      [info, made, asserted, Uint8Array.of(0x2e), retries],
    ];
    return {
      arbitrary: mutatedSequence(sequences, { dictionary: CBOR_TOKENS, maxRepeat: 8 }),
      async run(answers: Uint8Array[]) {
        for (const a of answers) {
          try {
            const decoded = decodeCbor(a.subarray(1));
            if (decoded instanceof Map && decoded.get(2) instanceof Uint8Array) parseAuthData(decoded.get(2) as Uint8Array);
          } catch (e) { if (!(e instanceof FidoError)) throw e; }
        }
        const transport = new VirtualHidTransport();
        const { path } = transport.plug(replayAuthenticator(answers), { keepaliveIntervalMs: 1_000 });
        const key = await openFidoKey(transport, path, { origin: FUZZ_ORIGIN });
        try {
          await key.webauthn.register(registration, { timeoutMs: 2_000 });
          await key.webauthn.authenticate(authentication, { timeoutMs: 2_000 });
          await key.ctap.getNextAssertion({ timeoutMs: 2_000 });
          await key.ctap.getUvRetries({ timeoutMs: 2_000 });
        } finally {
          await key.close();
        }
        return undefined;
      },
      typed: fidoTyped,
      show: (answers: Uint8Array[]) => answers.map((a, i) => `answer[${i}]=${hexOf(a, 1024)}`).join('\n'),
    };
  },
};
