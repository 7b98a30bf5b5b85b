/**
 * Per-user vault keys: the secret that seals a user's remembered legacy sign-ins on a shared PC
 * (docs/keychain.md). The provider derives it from its own secret and the user's id and releases it
 * only to the shell's client, as the `lanyard_vault_key` claim of the `lanyard_vault` scope, after
 * that user's own card or key sign-in. No other client may even be granted the scope.
 */
import { createHmac } from 'node:crypto';

export const VAULT_SCOPE = 'lanyard_vault';
export const VAULT_KEY_CLAIM = 'lanyard_vault_key';

export interface VaultKeyOptions {
  /** The only client given the scope (the shell). */
  clientId: string;
  /** At least 32 random bytes, kept by the provider: the same secret gives the same keys after a restart. */
  secret: Uint8Array;
}

export function vaultKeyFor(secret: Uint8Array, userId: string): string {
  if (secret.length < 32) throw new RangeError('the vault key secret needs at least 32 bytes');
  return createHmac('sha256', secret).update(`lanyard vault key\0${userId}`).digest('base64url');
}
