/**
 * ISO 7816-4 command/response APDUs: encoding (short form, host side), parsing (short and
 * extended form, card side) and the status word helpers both sides use.
 */
import { concatBytes } from './tlv.js';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length: 1–256 (256 is encoded 00, "as much as you have"); absent = no Le. */
  le?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  LAST_COMMAND_OF_CHAIN_EXPECTED: 0x6883,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

/** Encodes a short APDU (Lc ≤ 255, Le ≤ 256); callers chain longer data. */
export function encodeCommand(cmd: CommandApdu): Uint8Array {
  const header = Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2);
  const data = cmd.data && cmd.data.length > 0 ? cmd.data : undefined;
  if (data && data.length > 255) throw new RangeError('short APDU data is at most 255 bytes: chain it');
  const le = cmd.le === undefined ? [] : [cmd.le === 256 ? 0 : cmd.le];
  if (cmd.le !== undefined && (cmd.le < 1 || cmd.le > 256)) throw new RangeError(`bad Le ${cmd.le}`);
  return data ? concatBytes(header, Uint8Array.of(data.length), data, Uint8Array.from(le)) : concatBytes(header, Uint8Array.from(le));
}

/** Parses a command APDU (cases 1–4, short or extended). Returns null when the bytes are not one. */
export function parseCommand(bytes: Uint8Array): CommandApdu | null {
  if (bytes.length < 4) return null;
  const [cla, ins, p1, p2] = [bytes[0] ?? 0, bytes[1] ?? 0, bytes[2] ?? 0, bytes[3] ?? 0];
  const body = bytes.subarray(4);
  const base = { cla, ins, p1, p2 };
  if (body.length === 0) return base; // case 1
  const b0 = body[0] ?? 0;
  if (body.length === 1) return { ...base, le: b0 === 0 ? 256 : b0 }; // case 2 short
  if (b0 !== 0 || body.length < 3) {
    // short case 3 / 4
    const lc = b0;
    if (body.length === 1 + lc) return { ...base, data: body.subarray(1, 1 + lc) };
    if (body.length === 2 + lc) {
      const le = body[1 + lc] ?? 0;
      return { ...base, data: body.subarray(1, 1 + lc), le: le === 0 ? 256 : le };
    }
    return null;
  }
  // extended: 00 then two bytes
  const n = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
  if (body.length === 3) return { ...base, le: n === 0 ? 65536 : n }; // case 2 extended
  const data = body.subarray(3, 3 + n);
  if (n === 0 || data.length !== n) return null;
  const rest = body.subarray(3 + n);
  if (rest.length === 0) return { ...base, data };
  if (rest.length === 2) {
    const le = ((rest[0] ?? 0) << 8) | (rest[1] ?? 0);
    return { ...base, data, le: le === 0 ? 65536 : le };
  }
  return null;
}

export function splitResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) return { data: new Uint8Array(0), sw: -1 };
  const n = bytes.length;
  return { data: bytes.subarray(0, n - 2), sw: ((bytes[n - 2] ?? 0) << 8) | (bytes[n - 1] ?? 0) };
}

export function withStatus(data: Uint8Array, sw: number): Uint8Array {
  return concatBytes(data, Uint8Array.of(sw >> 8, sw & 0xff));
}

export function swHex(sw: number): string {
  return sw < 0 ? 'none' : sw.toString(16).padStart(4, '0').toUpperCase();
}
