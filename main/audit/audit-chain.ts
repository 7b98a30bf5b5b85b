/** Turns events into hash-chained lines: numbering, time, workstation, link to the previous line. */
import type { AuditEvent } from '../core/ports/audit.js';
import { GENESIS_HASH, hashOf, type AuditLine, type AuditLineEventName } from './audit-line.js';
import { redactEvent } from './redact.js';
import { checkpointPayload } from './checkpoint.js';

export interface ChainHead { seq: number; hash: string }

export const GENESIS: ChainHead = { seq: 0, hash: GENESIS_HASH };

export class AuditChain {
  constructor(private readonly workstation: string, private head: ChainHead = GENESIS, private readonly now: () => number = Date.now) {}

  get last(): ChainHead { return this.head; }

  /** The next line for `event`, after redaction. Advances the chain. */
  next(event: AuditEvent | (Omit<AuditEvent, 'event'> & { event: AuditLineEventName })): AuditLine {
    const clean = redactEvent(event as AuditEvent);
    const body: Omit<AuditLine, 'hash'> = {
      seq: this.head.seq + 1,
      time: new Date(this.now()).toISOString(),
      workstation: this.workstation,
      ...clean,
      event: event.event,
      prev: this.head.hash,
    };
    return this.seal(body);
  }

  /** A checkpoint line: `sign` signs everything about the line but its signature and hash, and
   * through `prev` every line before it (docs/audit.md "Checkpoints"). */
  nextCheckpoint(keyId: string, sign: (payload: string) => string): AuditLine {
    const body: Omit<AuditLine, 'hash'> = {
      seq: this.head.seq + 1, time: new Date(this.now()).toISOString(), workstation: this.workstation,
      event: 'audit-checkpoint', detail: { keyId }, prev: this.head.hash,
    };
    return this.seal({ ...body, detail: { keyId, sig: sign(checkpointPayload(body)) } });
  }

  private seal(body: Omit<AuditLine, 'hash'>): AuditLine {
    const line: AuditLine = { ...body, hash: hashOf(body) };
    this.head = { seq: line.seq, hash: line.hash };
    return line;
  }
}
