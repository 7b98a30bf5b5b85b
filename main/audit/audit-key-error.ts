/** Typed failures of the audit checkpoint key (docs/audit.md "Checkpoints"). */
export type AuditKeyErrorCode =
  /** The key folder is the audit file's own folder, or holds the audit file: the key would be in its reach. */
  | 'key-in-audit-folder'
  /** The private key file can be read by other accounts (POSIX mode allows group/other). */
  | 'key-exposed'
  /** The key or public key file exists but cannot be read or parsed. */
  | 'key-unreadable';

export class AuditKeyError extends Error {
  override readonly name = 'AuditKeyError';
  constructor(readonly code: AuditKeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
