/**
 * TLS client certificates, decided explicitly. Without a `select-client-certificate` handler Electron
 * offers the first certificate in the store to any server that asks: a clinician's card certificate
 * would be presented to whatever site a tab touches. Lanyard answers with no certificate unless the
 * asking origin is one the station allows (`allowed`), and then only with the certificate `choose`
 * picks (the card in the reader, matched by fingerprint). The decision is pure and tested on its own.
 */
import { app, type Certificate, type WebContents } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { originForLog } from './origins.js';

export interface ClientCertificatePolicy {
  /** The certificate to present to `origin`, or undefined for none. Default: none, for everyone. */
  choose?(origin: string, offered: readonly Certificate[]): Certificate | undefined;
}

export function decideClientCertificate(url: string, offered: readonly Certificate[], policy: ClientCertificatePolicy): Certificate | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  if (origin === 'null' || !origin.startsWith('https://')) return undefined;
  const chosen = policy.choose?.(origin, offered);
  // Only one of the certificates actually offered, never anything else.
  return chosen && offered.some((c) => c.fingerprint === chosen.fingerprint) ? chosen : undefined;
}

export function installClientCertificateHandler(policy: ClientCertificatePolicy, log: Log): void {
  app.on('select-client-certificate', (event: Electron.Event, _contents: WebContents, url: string, list: Certificate[],
    callback: (certificate?: Certificate) => void) => {
    event.preventDefault(); // without this Electron picks the first certificate itself
    const chosen = decideClientCertificate(url, list, policy);
    if (!chosen) log.warn('client certificate request refused', { origin: originForLog(url), offered: list.length });
    callback(chosen);
  });
}
