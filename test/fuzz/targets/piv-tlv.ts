/** PIV BER-TLV and ISO 7816 APDU parsing (main/auth/smartcard/piv/tlv.ts, apdu.ts) on mutated real
 * card answers and commands. Constructed TLVs are parsed down to their leaves, as the profile does. */
import { parseCommand, splitResponse } from '../../../main/auth/smartcard/piv/apdu.js';
import { findTlv, parseTlvs, requireTlv } from '../../../main/auth/smartcard/piv/tlv.js';
import type { FuzzTarget } from '../engine.js';
import { cardSeeds } from '../card-seeds.js';
import { hexOf, mutatedBytes } from '../mutate.js';
import { cardTyped } from '../typed.js';

function walk(bytes: Uint8Array, depth: number): number {
  let leaves = 0;
  for (const tlv of parseTlvs(bytes)) {
    const first = tlv.tag > 0xffff ? tlv.tag >> 16 : tlv.tag > 0xff ? tlv.tag >> 8 : tlv.tag;
    leaves += (first & 0x20) && depth < 8 ? walk(tlv.value, depth + 1) : 1;
  }
  return leaves;
}

export const pivTlvTarget: FuzzTarget = {
  name: 'piv-tlv',
  about: 'BER-TLV and APDU parsing of PIV answers and commands',
  async setup() {
    const { transcripts } = await cardSeeds();
    const exchanges = transcripts.flat();
    const answers = exchanges.map((e) => splitResponse(e.answer).data).filter((d) => d.length > 0);
    const commands = exchanges.map((e) => e.command);
    return {
      arbitrary: mutatedBytes([...answers, ...commands], { maxRepeat: 8 }),
      async run(input: Uint8Array) {
        splitResponse(input);
        parseCommand(input);
        walk(input, 0);
        const container = findTlv(input, 0x53);
        if (container) walk(container, 0);
        if (findTlv(input, 0x7c)) requireTlv(requireTlv(input, 0x7c, 'template'), 0x82, 'signature');
        return undefined;
      },
      typed: cardTyped,
      show: (input: Uint8Array) => hexOf(input),
    };
  },
};
