/**
 * One logical command over a CardChannel: splits data longer than a short APDU into a command
 * chain (CLA 10), collects long answers through GET RESPONSE (61xx), re-asks once with the right Le
 * on 6Cxx (never for VERIFY: a PIN is sent exactly once), and logs the traffic with PIN bytes
 * redacted. Failures of the channel itself surface as CardError.
 */
import { CardError, isCardError } from '../../../core/card-error.js';
import type { CardChannel } from '../../../core/ports/card-readers.js';
import type { Log } from '../../../core/ports/log.js';
import { SW, encodeCommand, splitResponse, swHex, type CommandApdu, type ResponseApdu } from './apdu.js';
import { PIV_INS } from './piv-constants.js';
import { concatBytes, toHex } from './tlv.js';

const MAX_SHORT_DATA = 255;
/** A runaway card answering 61xx forever must not hang the shell. */
const MAX_GET_RESPONSES = 64;
/** The most answer data one command may collect (first answer plus GET RESPONSEs). The largest
 * PIV object Lanyard reads is a certificate container of about 2 KiB; a card that sends more is
 * broken or hostile, and every byte it sends is held in memory before anything parses it. */
export const MAX_RESPONSE_BYTES = 16 * 1024;

export async function transceive(channel: CardChannel, cmd: CommandApdu, log?: Log): Promise<ResponseApdu> {
  const data = cmd.data ?? new Uint8Array(0);
  // Chain: every chunk but the last carries CLA bit 5 and wants no answer data.
  let offset = 0;
  while (data.length - offset > MAX_SHORT_DATA) {
    const chunk = data.subarray(offset, offset + MAX_SHORT_DATA);
    const part = await exchange(channel, { cla: cmd.cla | 0x10, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: chunk }, log);
    if (part.sw !== SW.OK) return part;
    offset += MAX_SHORT_DATA;
  }
  const last: CommandApdu = { ...cmd, data: data.subarray(offset) };
  let response = await exchange(channel, last, log);
  if ((response.sw & 0xff00) === 0x6c00 && cmd.ins !== PIV_INS.VERIFY) {
    response = await exchange(channel, { ...last, le: (response.sw & 0xff) || 256 }, log);
  }
  const parts = [response.data];
  let collected = checkCollected(0, response.data);
  for (let i = 0; (response.sw & 0xff00) === 0x6100; i++) {
    if (i >= MAX_GET_RESPONSES) throw new CardError('malformed-response', { detail: 'card never finished its answer (61xx loop)' });
    response = await exchange(channel, { cla: 0x00, ins: PIV_INS.GET_RESPONSE, p1: 0, p2: 0, le: (response.sw & 0xff) || 256 }, log);
    collected = checkCollected(collected, response.data);
    parts.push(response.data);
  }
  return { data: concatBytes(...parts), sw: response.sw };
}

/** Adds one answer's length to the running total, refusing the command once it passes the cap. */
function checkCollected(sofar: number, data: Uint8Array): number {
  const total = sofar + data.length;
  if (total > MAX_RESPONSE_BYTES) {
    throw new CardError('malformed-response', { detail: `answer longer than ${MAX_RESPONSE_BYTES} bytes` });
  }
  return total;
}

async function exchange(channel: CardChannel, cmd: CommandApdu, log?: Log): Promise<ResponseApdu> {
  const bytes = encodeCommand(cmd);
  log?.traffic('apdu >>', { reader: channel.reader, apdu: describeCommand(cmd, bytes) });
  let raw: Uint8Array;
  try {
    raw = await channel.transmit(bytes);
  } catch (err) {
    if (isCardError(err)) throw err;
    throw new CardError('transport', { detail: 'transmit failed', cause: err });
  }
  const response = splitResponse(raw);
  if (response.sw < 0) throw new CardError('malformed-response', { detail: `response of ${raw.length} bytes has no status word` });
  log?.traffic('apdu <<', { reader: channel.reader, data: toHex(response.data), sw: swHex(response.sw) });
  return response;
}

/** Hex of a command, with VERIFY's PIN block replaced by its length. */
export function describeCommand(cmd: CommandApdu, bytes: Uint8Array): string {
  if (cmd.ins === PIV_INS.VERIFY && cmd.data && cmd.data.length > 0) {
    return `${toHex(bytes.subarray(0, 5))} <PIN redacted, ${cmd.data.length} bytes>`;
  }
  return toHex(bytes);
}
