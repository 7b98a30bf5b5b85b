/** A throwaway TLS server certificate for a loopback host (openssl), and the CA that signed it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ServerCert { key: string; cert: string; ca: string }

export function makeServerCert(hosts: string[] = ['127.0.0.1', 'localhost']): ServerCert {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-server-cert-'));
  const run = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }); };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    run(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=Test provider CA', '-keyout', 'ca.key', '-out', 'ca.pem']);
    run(['req', ...ec, '-subj', `/CN=${hosts[0] ?? 'localhost'}`, '-keyout', 'server.key', '-out', 'server.csr']);
    const san = hosts.map((h) => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', 'server.pem']);
    return { key: readFileSync(join(dir, 'server.key'), 'utf8'), cert: readFileSync(join(dir, 'server.pem'), 'utf8'), ca: readFileSync(join(dir, 'ca.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ClientCertServer { server: Server; base: string; serverCert: ServerCert; close(): Promise<void> }

/** An HTTPS server on loopback that requires a client certificate from `clientCaPem` (the card CA). */
export async function startClientCertServer(clientCaPem: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<ClientCertServer> {
  const serverCert = makeServerCert();
  const server = createServer({ key: serverCert.key, cert: serverCert.cert, ca: clientCaPem, requestCert: true, rejectUnauthorized: true }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server, serverCert, base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
