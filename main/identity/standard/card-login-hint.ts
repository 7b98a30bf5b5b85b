/**
 * The `login_hint` a standard-profile card sign-in sends, read from the tapped card's certificate:
 * providers that ask who is signing in before they ask for the certificate (Entra ID's user-name
 * page, its home-realm discovery) go straight to the certificate with it. Policy names which of the
 * certificate's subject alternative names the provider matches on.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { IdentityError } from '../identity-error.js';

export type CardLoginHint = 'upn' | 'email';

/** The certificate's UPN (otherName 1.3.6.1.4.1.311.20.2.3) or rfc822Name. A certificate without
 * it is refused here, at once, rather than left to wait on the provider's user-name page. */
export function cardLoginHint(certificateDer: Uint8Array, kind: CardLoginHint): string {
  let names: { type: string; value: string }[] = [];
  try {
    const san = new x509.X509Certificate(Buffer.from(certificateDer)).getExtension(x509.SubjectAlternativeNameExtension);
    names = san?.names.toJSON() ?? [];
  } catch (cause) {
    throw new IdentityError('certificate-not-for-sign-in', 'the card certificate\'s subject alternative names cannot be read', { cause });
  }
  const value = names.find((name) => name.type === kind)?.value;
  if (!value) throw new IdentityError('certificate-not-for-sign-in', `the card certificate names no ${kind === 'upn' ? 'user principal name' : 'email address'}, which the identity provider signs in by`);
  return value;
}
