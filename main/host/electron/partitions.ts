/**
 * The host's browsing partitions: in memory only (a "persist:" partition is refused, so nothing of a
 * killed session survives a restart), each session hardened once with the permission allow-list of
 * the apps open in it.
 */
import { session, type Session } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { ElectronHostError } from './errors.js';
import { buildPermissionAllowList } from './permissions.js';
import { hardenSession } from './session-hardening.js';

export class Partitions {
  readonly #hardened = new Set<string>();

  constructor(
    private readonly log: Log,
    /** The origins of the apps open in a partition now (the allow-list is read at each request). */
    private readonly originsOf: (partition: string) => readonly string[],
    private readonly permissions?: Readonly<Record<string, readonly string[]>>,
  ) {}

  session(partition: string): Session {
    if (partition.startsWith('persist:')) {
      throw new ElectronHostError('PERSISTENT_PARTITION', 'Lanyard keeps sessions in memory only; a persistent partition was requested. Tell IT.');
    }
    return session.fromPartition(partition);
  }

  harden(partition: string): void {
    if (this.#hardened.has(partition)) return;
    hardenSession(this.session(partition), () => buildPermissionAllowList(this.originsOf(partition), undefined, this.permissions), this.log);
    this.#hardened.add(partition);
  }

  /** The partition was emptied: harden it afresh if it is used again. */
  forget(partition: string): void {
    this.#hardened.delete(partition);
  }
}
