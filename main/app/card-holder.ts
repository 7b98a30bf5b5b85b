/** The card holder's name as the card's own certificate states it (subject CN), read before the
 * provider has answered so the PIN pad can say whose card was read. Pure; undefined when the
 * certificate does not parse or names nobody. */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';

export function cardHolderName(certificateDer: Uint8Array): string | undefined {
  try {
    const cert = new X509Certificate(new Uint8Array(certificateDer));
    const cn = cert.subjectName.getField('CN')[0]?.trim();
    return cn ? cn : undefined;
  } catch {
    return undefined;
  }
}
