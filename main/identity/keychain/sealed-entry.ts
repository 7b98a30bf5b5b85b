/**
 * Remembered legacy sign-ins are sealed before they reach the OS keychain: AES-256-GCM under a key
 * derived (HKDF-SHA256) from the user's vault key, which only that user's own sign-in yields (the
 * reference provider's `lanyard_vault_key` claim, docs/keychain.md). The additional data names the
 * keychain service and the user, so an entry copied to another user's account, or to another app,
 * does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const FORMAT = 'lanyard-sealed-v1';
const INFO = 'Lanyard remembered sign-in v1';

export interface SealedEntry { format: typeof FORMAT; iv: string; data: string; tag: string }

function entryKey(vaultKey: Uint8Array): Buffer {
  if (vaultKey.length < 32) throw new RangeError('a vault key has at least 32 bytes');
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), INFO, 32));
}

function aad(service: string, userId: string): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, service, userId]));
}

export function seal(plain: string, vaultKey: Uint8Array, service: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', entryKey(vaultKey), iv);
  cipher.setAAD(aad(service, userId));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const entry: SealedEntry = { format: FORMAT, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  return JSON.stringify(entry);
}

/** The plain text, or undefined when the entry is not one sealed for this user, service and key. */
export function open(stored: string, vaultKey: Uint8Array, service: string, userId: string): string | undefined {
  let entry: Partial<SealedEntry>;
  try {
    entry = JSON.parse(stored) as Partial<SealedEntry>;
  } catch {
    return undefined;
  }
  if (entry.format !== FORMAT || typeof entry.iv !== 'string' || typeof entry.data !== 'string' || typeof entry.tag !== 'string') return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', entryKey(vaultKey), Buffer.from(entry.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(aad(service, userId));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined; // wrong key, wrong user or app, or tampered with
  }
}
