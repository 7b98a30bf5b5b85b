/**
 * The Ed25519 key that signs audit checkpoints, kept in its own folder (never the audit file's):
 *   audit-key.pem       private key, PKCS#8 PEM, mode 0600, folder 0700; created at first start
 *   audit-key.pub.pem   public key, SPKI PEM: copy it off the workstation to verify without the key
 * Ed25519 rather than an HMAC so that whoever verifies (IT, the collector) holds no secret that
 * could sign. Node's own crypto does the signing; nothing is hand-rolled.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { AuditKeyError } from './audit-key-error.js';

export const PRIVATE_KEY_FILE = 'audit-key.pem';
export const PUBLIC_KEY_FILE = 'audit-key.pub.pem';

export interface CheckpointKey {
  /** First 16 hex digits of SHA-256 over the public key's SPKI DER: names the key in each checkpoint. */
  keyId: string;
  /** True when this start created the key (there was none). */
  created: boolean;
  sign(data: string): string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Opens the key in `keyDir`, creating it if absent. Refuses a folder within the audit file's reach. */
export function openCheckpointKey(keyDir: string, auditPath: string): CheckpointKey {
  const dir = resolve(keyDir);
  const auditDir = resolve(dirname(auditPath));
  const inside = relative(dir, resolve(auditPath));
  if (dir === auditDir || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new AuditKeyError('key-in-audit-folder', `The audit key folder ${dir} must not be the audit file's folder or contain the audit file.`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  let created = false;
  if (!existsSync(privatePath)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    writeFileSync(join(dir, PUBLIC_KEY_FILE), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
    created = true;
  }
  if (process.platform !== 'win32') {
    chmodSync(dir, 0o700);
    if ((statSync(privatePath).mode & 0o077) !== 0) {
      throw new AuditKeyError('key-exposed', `The audit key ${privatePath} can be read by other accounts: make it mode 0600 (or remove it to start a new key).`);
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(privatePath));
  } catch (cause) {
    throw new AuditKeyError('key-unreadable', `The audit key ${privatePath} cannot be read.`, { cause });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditKeyError('key-unreadable', `The audit key ${privatePath} is not an Ed25519 key.`);
  const keyId = keyIdOf(createPublicKey(privateKey));
  return { keyId, created, sign: (data) => sign(null, Buffer.from(data, 'utf8'), privateKey).toString('base64url') };
}

/** A public key file (SPKI PEM) for verification. */
export function loadPublicKey(file: string): KeyObject {
  try {
    const key = createPublicKey(readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return key;
  } catch (cause) {
    throw new AuditKeyError('key-unreadable', `The audit public key ${file} cannot be read (${(cause as Error).message}).`, { cause });
  }
}

export function verifySignature(publicKey: KeyObject, data: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(data, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
