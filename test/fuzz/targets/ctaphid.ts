/**
 * CTAPHID framing and the host channel (main/auth/fido/ctaphid/framing.ts, channel.ts) on mutated
 * input reports of a real authenticator: INIT (channel allocation), a multi-packet PING, a CBOR
 * answer; reports of other lengths, other channels, KEEPALIVE and ERROR, out-of-order sequences.
 */
import { CtaphidChannel } from '../../../main/auth/fido/ctaphid/channel.js';
import { CtaphidCommand } from '../../../main/auth/fido/ctaphid/constants.js';
import { encodeMessage, MessageAssembler, parsePacket } from '../../../main/auth/fido/ctaphid/framing.js';
import { FidoError } from '../../../main/auth/fido/errors.js';
import type { FuzzTarget } from '../engine.js';
import { FIXED_NONCE, fidoSeeds, PING_DATA, replayDevice } from '../fido-seeds.js';
import { hexOf, mutatedSequence } from '../mutate.js';
import { fidoTyped } from '../typed.js';

export const ctaphidTarget: FuzzTarget = {
  name: 'ctaphid',
  about: 'CTAPHID packet parsing, message reassembly and the host channel over replayed reports',
  async setup() {
    const { reports } = await fidoSeeds();
    const cid = new DataView(reports[1]!.buffer, reports[1]!.byteOffset).getUint32(0);
    const extras = [
      ...encodeMessage(cid, CtaphidCommand.KEEPALIVE, Uint8Array.of(2)),
      ...encodeMessage(cid, CtaphidCommand.ERROR, Uint8Array.of(6)),
      ...encodeMessage(0xffffffff, CtaphidCommand.INIT, new Uint8Array(17)),
    ];
    return {
      arbitrary: mutatedSequence([reports, [reports[0]!, extras[0]!, ...reports.slice(1)], [...reports.slice(0, 2), extras[1]!]],
        { dictionary: extras.map((r) => r.subarray(0, 8)), maxRepeat: 4 }),
      async run(input: Uint8Array[]) {
        const assembler = new MessageAssembler();
        for (const report of input) {
          try { assembler.push(parsePacket(report)); } catch (e) { if (!(e instanceof FidoError)) throw e; }
        }
        const channel = await CtaphidChannel.open(replayDevice(input), { nonce: () => FIXED_NONCE, initTimeoutMs: 1_000 });
        await channel.ping(PING_DATA, { timeoutMs: 1_000 });
        await channel.cbor(Uint8Array.of(0x04), { timeoutMs: 1_000 });
        await channel.close();
        return undefined;
      },
      typed: fidoTyped,
      show: (input: Uint8Array[]) => input.map((r, i) => `report[${i}]=${hexOf(r, 512)}`).join('\n'),
    };
  },
};
