/**
 * A PIV card as an APDU state machine (NIST SP 800-73-4), conforming enough that OpenSC and
 * yubico-piv-tool read it and sign with it. No I/O: a front-end (vpcd socket, software reader)
 * feeds it command APDUs and power events. The PIN retry counter lives in a PinCounterStore so it
 * survives re-insertion, and (with a file store) restarts of the card process.
 */
import { SW, parseCommand, withStatus, type CommandApdu } from '../piv/apdu.js';
import { PIV_AID, PIV_INS, PIV_KEY, PIV_PIN, PIV_TAG } from '../piv/piv-constants.js';
import { concatBytes, encodeTlv, parseTlvs } from '../piv/tlv.js';
import type { CardKey } from './card-key.js';
import { applicationPropertyTemplate, certificateObject, chuidObject, cccObject, discoveryObject, printedInformationObject } from './piv-objects.js';

/** Where the retry counter lives between insertions. */
export interface PinCounterStore {
  /** Tries left, or null when nothing is stored yet. */
  load(): number | null;
  save(triesLeft: number): void;
}

export function memoryPinCounter(initial: number | null = null): PinCounterStore {
  let value = initial;
  return { load: () => value, save: (n) => { value = n; } };
}

export interface VirtualPivCardOptions {
  /** 6–8 digits. */
  pin: string;
  /** PIV Authentication (slot 9A): signs only after VERIFY. */
  certificateDer: Uint8Array;
  key: CardKey;
  /** Card Authentication (slot 9E, object 5FC101): signs with no PIN. Absent: the card has no 9E
   * key, answers 6A82 for its certificate and refuses GENERAL AUTHENTICATE with key 9E. */
  cardAuthentication?: { certificateDer: Uint8Array; key: CardKey };
  /** 16-byte card GUID (CHUID tag 34). */
  guid: Uint8Array;
  holderName?: string;
  organisation?: string;
  expiry?: Date;
  maxTries?: number;
  counter?: PinCounterStore;
  /** GET SERIAL answer. */
  serial?: number;
  /** GET VERSION answer (YubiKey-style major.minor.patch). */
  version?: readonly [number, number, number];
}

/** Historical bytes "Lanyard PIV" in an ATR for T=1 (TS 3B, T0 8B, TD1 80, TD2 01, …, TCK). */
export const VIRTUAL_PIV_ATR = ((): Uint8Array => {
  const hist = new TextEncoder().encode('Lanyard PIV');
  const body = concatBytes(Uint8Array.of(0x80 | hist.length, 0x80, 0x01), hist);
  const tck = body.reduce((x, b) => x ^ b, 0);
  return concatBytes(Uint8Array.of(0x3b), body, Uint8Array.of(tck));
})();

const SHORT_MAX = 256;

export class VirtualPivCard {
  readonly atr = VIRTUAL_PIV_ATR;
  private readonly maxTries: number;
  private readonly counter: PinCounterStore;
  private readonly objects: Map<number, Uint8Array>;
  private readonly printed: Uint8Array;
  private readonly selectAnswer: Uint8Array;
  private readonly pinBytes: Uint8Array;
  private powered = false;
  private selected = false;
  private pinVerified = false;
  /** Answer bytes still to be fetched with GET RESPONSE. */
  private pending: Uint8Array | null = null;
  /** Data of a command chain (CLA bit 5) so far, with the header it started with. */
  private chain: { ins: number; p1: number; p2: number; data: Uint8Array } | null = null;

  constructor(private readonly opts: VirtualPivCardOptions) {
    if (!/^\d{6,8}$/.test(opts.pin)) throw new RangeError('a PIV PIN is 6 to 8 digits');
    if (opts.guid.length !== 16) throw new RangeError('the card GUID is 16 bytes');
    this.maxTries = opts.maxTries ?? 3;
    this.counter = opts.counter ?? memoryPinCounter();
    if (this.counter.load() === null) this.counter.save(this.maxTries);
    this.pinBytes = padPin(opts.pin);
    const expiry = opts.expiry ?? new Date(Date.now() + 3 * 365 * 86_400_000);
    this.objects = new Map<number, Uint8Array>([
      [PIV_TAG.discovery, discoveryObject()],
      [PIV_TAG.chuid, chuidObject(opts.guid, expiry)],
      [PIV_TAG.ccc, cccObject(opts.guid)],
      [PIV_TAG.authenticationCertificate, certificateObject(opts.certificateDer)],
    ]);
    if (opts.cardAuthentication) {
      this.objects.set(PIV_TAG.cardAuthenticationCertificate, certificateObject(opts.cardAuthentication.certificateDer));
    }
    this.printed = printedInformationObject(opts.holderName ?? 'Virtual Card Holder', opts.organisation ?? 'Lanyard', expiry);
    this.selectAnswer = applicationPropertyTemplate([...new Set([opts.key.pivAlgorithmId, ...(opts.cardAuthentication ? [opts.cardAuthentication.key.pivAlgorithmId] : [])])]);
  }

  /** Tries left before the PIN blocks (what a registration authority would see). */
  get triesLeft(): number {
    return this.counter.load() ?? this.maxTries;
  }

  /** Unblocks the PIN, as a registration authority's reset would. */
  resetRetryCounter(): void {
    this.counter.save(this.maxTries);
  }

  /** Power-on or warm reset: security status and pending state are volatile, the counter is not.
   * The PIV application is selected at power-on, as on cards where it is the default applet. */
  powerOn(): void {
    this.powered = true;
    this.selected = true;
    this.pinVerified = false;
    this.pending = null;
    this.chain = null;
  }

  powerOff(): void {
    this.powered = false;
    this.pinVerified = false;
    this.pending = null;
    this.chain = null;
  }

  /** Processes one command APDU and returns the response APDU (data + SW1 SW2). */
  transmit(bytes: Uint8Array): Uint8Array {
    if (!this.powered) this.powerOn();
    const cmd = parseCommand(bytes);
    if (!cmd) return status(SW.WRONG_LENGTH);
    if ((cmd.cla & ~0x10) !== 0x00) return status(SW.CLA_NOT_SUPPORTED);

    if (cmd.ins === PIV_INS.GET_RESPONSE) return this.getResponse(cmd);
    this.pending = null;

    // Command chaining: collect until the last command (CLA bit 5 clear) of the same INS/P1/P2.
    const chained = (cmd.cla & 0x10) !== 0;
    if (this.chain && (this.chain.ins !== cmd.ins || this.chain.p1 !== cmd.p1 || this.chain.p2 !== cmd.p2)) {
      this.chain = null;
      return status(SW.LAST_COMMAND_OF_CHAIN_EXPECTED);
    }
    if (chained) {
      const data = concatBytes(this.chain?.data ?? new Uint8Array(0), cmd.data ?? new Uint8Array(0));
      this.chain = { ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data };
      return status(SW.OK);
    }
    const full: CommandApdu = this.chain ? { ...cmd, data: concatBytes(this.chain.data, cmd.data ?? new Uint8Array(0)) } : cmd;
    this.chain = null;
    return this.dispatch(full);
  }

  private dispatch(cmd: CommandApdu): Uint8Array {
    switch (cmd.ins) {
      case PIV_INS.SELECT: return this.select(cmd);
      case PIV_INS.GET_VERSION: return this.answer(Uint8Array.from(this.opts.version ?? [5, 4, 3]), cmd.le);
      case PIV_INS.GET_SERIAL: {
        const n = this.opts.serial ?? 0x4c414e59;
        return this.answer(Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), cmd.le);
      }
      default: break;
    }
    // Everything else belongs to the PIV application.
    if (!this.selected) return status(SW.INS_NOT_SUPPORTED);
    switch (cmd.ins) {
      case PIV_INS.GET_DATA: return this.getData(cmd);
      case PIV_INS.VERIFY: return this.verify(cmd);
      case PIV_INS.GENERAL_AUTHENTICATE: return this.generalAuthenticate(cmd);
      default: return status(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(cmd: CommandApdu): Uint8Array {
    if (cmd.p1 !== 0x04) return status(SW.NOT_FOUND); // only select-by-name; other applets' probes miss
    const aid = cmd.data ?? new Uint8Array(0);
    const isPiv = aid.length >= 5 && aid.length <= PIV_AID.length && aid.every((b, i) => b === PIV_AID[i]);
    if (!isPiv) return status(SW.NOT_FOUND); // and PIV stays selected, as on a multi-applet card
    this.selected = true;
    return this.answer(this.selectAnswer, cmd.le);
  }

  private getData(cmd: CommandApdu): Uint8Array {
    if (cmd.p1 !== 0x3f || cmd.p2 !== 0xff) return status(SW.INCORRECT_P1P2);
    let tag: number;
    try {
      const list = parseTlvs(cmd.data ?? new Uint8Array(0));
      const first = list[0];
      if (list.length !== 1 || !first || first.tag !== 0x5c || first.value.length < 1 || first.value.length > 3) return status(SW.WRONG_DATA);
      tag = first.value.reduce((t, b) => (t << 8) | b, 0);
    } catch {
      return status(SW.WRONG_DATA);
    }
    if (tag === PIV_TAG.printedInformation) {
      return this.pinVerified ? this.answer(this.printed, cmd.le) : status(SW.SECURITY_STATUS_NOT_SATISFIED);
    }
    const object = this.objects.get(tag);
    return object ? this.answer(object, cmd.le) : status(SW.NOT_FOUND);
  }

  private verify(cmd: CommandApdu): Uint8Array {
    if (cmd.p2 !== PIV_KEY.pin) return status(SW.REFERENCE_NOT_FOUND);
    if (cmd.p1 === 0xff) { // reset security status
      if (cmd.data?.length) return status(SW.WRONG_DATA);
      this.pinVerified = false;
      return status(SW.OK);
    }
    if (cmd.p1 !== 0x00) return status(SW.INCORRECT_P1P2);
    const tries = this.triesLeft;
    const data = cmd.data;
    if (!data || data.length === 0) {
      // Empty VERIFY: report the status without spending a try.
      if (tries === 0) return status(SW.AUTH_METHOD_BLOCKED);
      return status(this.pinVerified ? SW.OK : 0x63c0 | Math.min(tries, 15));
    }
    if (tries === 0) return status(SW.AUTH_METHOD_BLOCKED);
    if (data.length !== PIV_PIN.paddedLength || !isPaddedPin(data)) return status(SW.WRONG_DATA);
    if (constantTimeEqual(data, this.pinBytes)) {
      this.counter.save(this.maxTries);
      this.pinVerified = true;
      return status(SW.OK);
    }
    const left = tries - 1;
    this.counter.save(left);
    this.pinVerified = false;
    // The try that blocks answers 63C0; every later one 6983 (part 2 §3.2.1).
    return status(0x63c0 | Math.min(left, 15));
  }

  private generalAuthenticate(cmd: CommandApdu): Uint8Array {
    // 9A needs the PIN; 9E (Card Authentication) never does (SP 800-73-4 part 1 §3.2.4).
    const slot = cmd.p2 === PIV_KEY.authentication ? { key: this.opts.key, needsPin: true }
      : cmd.p2 === PIV_KEY.cardAuthentication && this.opts.cardAuthentication ? { key: this.opts.cardAuthentication.key, needsPin: false }
        : null;
    if (!slot) return status(SW.NOT_FOUND);
    if (cmd.p1 !== slot.key.pivAlgorithmId) return status(SW.INCORRECT_P1P2);
    let challenge: Uint8Array | undefined;
    let wantsResponse = false;
    try {
      const outer = parseTlvs(cmd.data ?? new Uint8Array(0));
      const template = outer[0];
      if (outer.length !== 1 || !template || template.tag !== PIV_TAG.dynamicAuthenticationTemplate) return status(SW.WRONG_DATA);
      for (const item of parseTlvs(template.value)) {
        if (item.tag === 0x81) challenge = item.value;
        else if (item.tag === 0x82 && item.value.length === 0) wantsResponse = true;
      }
    } catch {
      return status(SW.WRONG_DATA);
    }
    if (!challenge || !wantsResponse) return status(SW.WRONG_DATA);
    if (slot.needsPin && !this.pinVerified) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    const signature = slot.key.sign(challenge);
    if (!signature) return status(SW.WRONG_DATA);
    return this.answer(encodeTlv(PIV_TAG.dynamicAuthenticationTemplate, encodeTlv(0x82, signature)), cmd.le);
  }

  /** Answers `data`, at most Le bytes now (256 when Le is absent) and the rest through 61xx. */
  private answer(data: Uint8Array, le: number | undefined): Uint8Array {
    const now = Math.min(le ?? SHORT_MAX, SHORT_MAX, data.length);
    return this.sendPart(data, now);
  }

  private getResponse(cmd: CommandApdu): Uint8Array {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return status(SW.CONDITIONS_NOT_SATISFIED);
    return this.sendPart(pending, Math.min(cmd.le ?? SHORT_MAX, SHORT_MAX, pending.length));
  }

  private sendPart(data: Uint8Array, count: number): Uint8Array {
    const rest = data.subarray(count);
    if (rest.length === 0) return withStatus(data.subarray(0, count), SW.OK);
    this.pending = rest;
    return withStatus(data.subarray(0, count), 0x6100 | (rest.length > 0xff ? 0x00 : rest.length));
  }
}

function status(sw: number): Uint8Array {
  return withStatus(new Uint8Array(0), sw);
}

export function padPin(pin: string): Uint8Array {
  const out = new Uint8Array(PIV_PIN.paddedLength).fill(0xff);
  out.set(new TextEncoder().encode(pin));
  return out;
}

/** 6–8 ASCII digits then FF padding, nothing else (part 2 §3.2.1). */
function isPaddedPin(data: Uint8Array): boolean {
  let digits = 0;
  while (digits < data.length && (data[digits] ?? 0) >= 0x30 && (data[digits] ?? 0) <= 0x39) digits++;
  for (let i = digits; i < data.length; i++) if (data[i] !== 0xff) return false;
  return digits >= PIV_PIN.min;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
