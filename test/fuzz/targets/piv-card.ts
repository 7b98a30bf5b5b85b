/**
 * The PIV profile over a channel that replays a real card's answers, mutated: SELECT, GET DATA
 * (CHUID, certificates), command chaining, GET RESPONSE (61xx), Le correction (6Cxx), VERIFY and
 * GENERAL AUTHENTICATE (main/auth/smartcard/piv/transceive.ts, piv-profile.ts).
 */
import fc from 'fast-check';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import type { FuzzTarget } from '../engine.js';
import { cardSeeds, replayChannel } from '../card-seeds.js';
import { hexOf, mutatedSequence } from '../mutate.js';
import { cardTyped } from '../typed.js';

/** Status words worth dropping in: more data (61xx), wrong Le (6Cxx), PIN counters, errors. */
const STATUS = [[0x61, 0x00], [0x61, 0x10], [0x6c, 0x08], [0x63, 0xc0], [0x63, 0xc2], [0x69, 0x83], [0x6a, 0x82], [0x90, 0x00], [0x62, 0x00]]
  .map((sw) => Uint8Array.from(sw));

export const pivCardTarget: FuzzTarget = {
  name: 'piv-card',
  about: 'PIV profile (open, tries left, VERIFY, sign) over replayed, mutated card answers',
  async setup() {
    const { transcripts } = await cardSeeds();
    const sequences = transcripts.map((t) => t.map((e) => e.answer));
    return {
      arbitrary: fc.tuple(mutatedSequence(sequences, { dictionary: STATUS, maxRepeat: 8 }), fc.boolean()),
      async run([answers, wrongPin]: [Uint8Array[], boolean]) {
        const credential = await new PivProfile({ now: () => Date.now() }).open(replayChannel(answers));
        if (!credential) return 'not-this-profile';
        await credential.pinTriesLeft();
        await credential.verifyPin(wrongPin ? '000000' : '123456');
        await credential.sign(new TextEncoder().encode('fuzz nonce'));
        await credential.cardAuthentication?.sign(new TextEncoder().encode('fuzz possession'));
        await credential.close();
        return undefined;
      },
      typed: cardTyped,
      show: ([answers, wrongPin]: [Uint8Array[], boolean]) =>
        `${answers.map((a, i) => `answer[${i}]=${hexOf(a, 1024)}`).join('\n')}\nwrongPin=${wrongPin}`,
    };
  },
};
