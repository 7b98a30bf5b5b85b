/** CTAPHID constants (CTAP 2.1 §11.2). Full-speed HID: 64-byte reports. */
export const REPORT_SIZE = 64;
/** Payload bytes in an initialisation packet: CID(4) CMD(1) BCNTH(1) BCNTL(1) then data. */
export const INIT_DATA_SIZE = REPORT_SIZE - 7;
/** Payload bytes in a continuation packet: CID(4) SEQ(1) then data. */
export const CONT_DATA_SIZE = REPORT_SIZE - 5;
/** Sequence numbers run 0..127, so one message spans at most 1 + 128 packets. */
export const MAX_SEQ = 0x7f;
export const MAX_MESSAGE_SIZE = INIT_DATA_SIZE + (MAX_SEQ + 1) * CONT_DATA_SIZE; // 7609
export const BROADCAST_CID = 0xffffffff;
/** Bit 7 of the command byte marks an initialisation packet. */
export const TYPE_INIT = 0x80;
export const INIT_NONCE_SIZE = 8;
export const CTAPHID_PROTOCOL_VERSION = 2;

export const CtaphidCommand = {
  PING: 0x01,
  MSG: 0x03,
  LOCK: 0x04,
  INIT: 0x06,
  WINK: 0x08,
  CBOR: 0x10,
  CANCEL: 0x11,
  KEEPALIVE: 0x3b,
  ERROR: 0x3f,
} as const;
export type CtaphidCommandCode = (typeof CtaphidCommand)[keyof typeof CtaphidCommand];

/** Error codes carried by a CTAPHID_ERROR response (§11.2.9.1.6). */
export const CtaphidErr = {
  INVALID_CMD: 0x01,
  INVALID_PAR: 0x02,
  INVALID_LEN: 0x03,
  INVALID_SEQ: 0x04,
  MSG_TIMEOUT: 0x05,
  CHANNEL_BUSY: 0x06,
  LOCK_REQUIRED: 0x0a,
  INVALID_CHANNEL: 0x0b,
  OTHER: 0x7f,
} as const;

/** CTAPHID_KEEPALIVE status byte (§11.2.9.1.5). */
export const KeepaliveStatus = { PROCESSING: 0x01, UPNEEDED: 0x02 } as const;

/** Capability flags returned by CTAPHID_INIT. */
export const Capability = { WINK: 0x01, CBOR: 0x04, NMSG: 0x08 } as const;
