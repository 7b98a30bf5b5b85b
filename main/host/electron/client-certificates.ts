/**
 * TLS client certificates, decided explicitly. Without a `select-client-certificate` handler Electron
 * offers the first certificate in the store to any server that asks: a clinician's card certificate
 * would be presented to whatever site a tab touches. Lanyard answers with no certificate unless the
 * asking origin is one the station allows (`allowed`), and then only with the certificate `choose`
 * picks (the tapped card's, during a card sign-in: card-sign-in.ts). The decision is pure and tested on its own.
 */
import { app, type Certificate, type WebContents } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { originForLog } from './origins.js';

export interface ClientCertificatePolicy {
  /** The certificate to present to `origin` in `contents` (null for a request of no page), or
   * undefined for none. Default: none, for everyone. */
  choose?(origin: string, offered: readonly Certificate[], contents: WebContents | null): Certificate | undefined;
}

export function decideClientCertificate(url: string, offered: readonly Certificate[], policy: ClientCertificatePolicy,
  contents: WebContents | null = null): Certificate | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  if (origin === 'null' || !origin.startsWith('https://')) return undefined;
  const chosen = policy.choose?.(origin, offered, contents);
  // Only one of the certificates actually offered, never anything else.
  return chosen && offered.some((c) => c.fingerprint === chosen.fingerprint) ? chosen : undefined;
}

export function installClientCertificateHandler(policy: ClientCertificatePolicy, log: Log): void {
  // Electron's lib/browser/api/app.ts: webContents is null for net-module and utility-process requests.
  app.on('select-client-certificate', (event: Electron.Event, contents: WebContents | null, url: string, list: Certificate[],
    callback: (certificate?: Certificate) => void) => {
    event.preventDefault(); // without this Electron picks the first certificate itself
    const chosen = decideClientCertificate(url, list, policy, contents);
    if (!chosen) log.warn('client certificate request refused', { origin: originForLog(url), offered: list.length });
    callback(chosen);
  });
}
