/** At start-up: does the audit file still end where Lanyard last wrote it (the head beside the key),
 * and was its last checkpoint signed by the key we hold? Each mismatch is a sentence for the
 * `audit-log-corrupt` line; undefined when all is as left. */
import type { ChainHead } from './audit-chain.js';
import type { AuditLine } from './audit-line.js';
import type { HeadRead } from './head-file.js';

export function headMismatch(recorded: HeadRead, tail: ChainHead, last: AuditLine | undefined, key: { keyId: string; created: boolean }): string | undefined {
  const lastKey = last?.event === 'audit-checkpoint' ? last.detail?.['keyId'] : undefined;
  if (typeof lastKey === 'string' && lastKey !== key.keyId) {
    return `The audit checkpoint key was replaced: the log's last checkpoint was signed by key ${lastKey}, the key now is ${key.keyId}.`;
  }
  if (recorded.kind === 'damaged') return 'The record of the last line written (beside the audit key) is damaged.';
  if (recorded.kind === 'none') {
    return tail.seq > 0 && !key.created ? 'The record of the last line written (beside the audit key) is missing.' : undefined;
  }
  const head = recorded.head;
  if (tail.seq === head.seq && tail.hash === head.hash) return undefined;
  // Killed between writing a line and recording it: the file is one line ahead, linked to the head.
  if (tail.seq === head.seq + 1 && last?.prev === head.hash) return undefined;
  if (tail.seq < head.seq) return `Lines were removed from the end of the audit log: it ends at seq ${tail.seq}, but seq ${head.seq} had been written.`;
  if (tail.seq === head.seq) return `The last line of the audit log (seq ${head.seq}) was replaced.`;
  return `The audit log holds lines Lanyard did not write: it ends at seq ${tail.seq}, but the last line Lanyard wrote was seq ${head.seq}.`;
}
