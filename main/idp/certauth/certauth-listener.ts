/**
 * The reference provider's certificate endpoint (like Entra ID's certauth host or ADFS's alternate
 * TLS binding): a second HTTPS listener, on its own port, whose handshake asks for a client
 * certificate naming the trusted card CAs. It accepts any certificate at the TLS layer
 * (`rejectUnauthorized: false`) so that a card it refuses gets a page saying why; OpenSSL has
 * still checked the client's CertificateVerify signature, which is the card's proof of possession.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Log } from '../../core/ports/log.js';
import { closeServer, listen, sendJson } from '../http-util.js';
import { createServerTls } from './server-tls.js';

export interface CertauthListener {
  /** host:port, what the standard profile's `certificateHost` names. */
  certificateHost: string;
  origin: string;
  port: number;
  /** PEM of the CA that signed the listener's server certificate: the client trusts it. */
  serverCaPem: string;
  close(): Promise<void>;
}

/** The client certificate of a request on the certauth listener (DER), or undefined when none. */
export function presentedCertificate(req: IncomingMessage): { der: Uint8Array; tlsAuthorized: boolean; tlsError: string | undefined } | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw || peer.raw.length === 0) return undefined;
  const error = socket.authorizationError;
  return { der: new Uint8Array(peer.raw), tlsAuthorized: socket.authorized === true, tlsError: error === undefined || error === null ? undefined : String(error) };
}

/** The one route this listener serves; everything else lives on the issuer. */
const CERTAUTH_ROUTE = /^\/interaction\/[A-Za-z0-9_-]+\/certauth$/;

export async function startCertauthListener(opts: {
  trustedCaPems: readonly string[];
  port?: number;
  log: Log;
  /** The provider's interaction routes (resolves false when it has no such route). */
  serve: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}): Promise<CertauthListener> {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    const served = req.method === 'GET' && CERTAUTH_ROUTE.test(path) ? opts.serve(req, res) : Promise.resolve(false);
    served.then((handled) => { if (!handled) sendJson(res, 404, { error: 'not-found', error_description: 'No such sign-in step.' }); })
      .catch((err: unknown) => {
        opts.log.error('certauth request failed', { error: String(err) });
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
  const tls = await createServerTls(['127.0.0.1', 'localhost']);
  const server: Server = createServer({
    key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2',
    // The CertificateRequest names these CAs: the client's middleware offers a card of theirs.
    ca: [...opts.trustedCaPems], requestCert: true, rejectUnauthorized: false,
  }, handler);
  const port = await listen(server, opts.port ?? 0);
  return {
    certificateHost: `127.0.0.1:${port}`, origin: `https://127.0.0.1:${port}`, port, serverCaPem: tls.caPem,
    close: () => closeServer(server),
  };
}
