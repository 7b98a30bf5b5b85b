/**
 * The certauth listener's own TLS identity: a throw-away local CA and a server certificate for the
 * loopback host, made at start (nothing secret is committed). The client is told to trust the CA
 * (`RunningIdentityProvider.certauth.serverCaPem`), exactly as a trust's clients trust its
 * provider's certificate authority.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto as unknown as Crypto;
const ECDSA_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;
const SERVER_AUTH_EKU = '1.3.6.1.5.5.7.3.1';

export interface ServerTls { keyPem: string; certPem: string; caPem: string }

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return bytes.toString('hex');
}

function pkcs8Pem(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** A CA (P-256, valid 30 days, path length 0) and a server certificate for `hosts` signed by it. */
export async function createServerTls(hosts: readonly string[], name = 'Lanyard reference provider'): Promise<ServerTls> {
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(notBefore.getTime() + 30 * DAY_MS);
  const caKeys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=${name} TLS CA`, notBefore, notAfter, signingAlgorithm: ECDSA_SHA256, keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
    ],
  }, crypto);
  const keys = (await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: `CN=${hosts[0] ?? 'localhost'}`, issuer: ca.subject, notBefore, notAfter,
    signingAlgorithm: ECDSA_SHA256, publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([SERVER_AUTH_EKU], false),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h })), false),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto),
    ],
  }, crypto);
  return { keyPem: pkcs8Pem(await crypto.subtle.exportKey('pkcs8', keys.privateKey)), certPem: cert.toString('pem'), caPem: ca.toString('pem') };
}
