/** What a checkpoint signs, and checking one (docs/audit.md "Checkpoints"). */
import type { KeyObject } from 'node:crypto';
import type { AuditLine } from './audit-line.js';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import { verifySignature } from './checkpoint-key.js';

/** Canonical JSON of the line without `hash` and without `detail.sig`. */
export function checkpointPayload(line: Omit<AuditLine, 'hash'> | AuditLine): string {
  const { hash: _hash, ...rest } = line as AuditLine;
  const { sig: _sig, ...detail } = rest.detail ?? {};
  return canonicalJson({ ...rest, detail } as unknown as JsonValue);
}

export type CheckpointCheck = { ok: true; keyId: string } | { ok: false; why: string };

export function checkCheckpoint(line: AuditLine, publicKey: KeyObject, expectedKeyId: string): CheckpointCheck {
  const keyId = line.detail?.['keyId'];
  const sig = line.detail?.['sig'];
  if (typeof keyId !== 'string' || typeof sig !== 'string') return { ok: false, why: 'the checkpoint has no keyId or sig' };
  if (keyId !== expectedKeyId) return { ok: false, why: `signed by another key (keyId ${keyId}, expected ${expectedKeyId})` };
  return verifySignature(publicKey, checkpointPayload(line), sig) ? { ok: true, keyId } : { ok: false, why: 'the signature does not verify' };
}
