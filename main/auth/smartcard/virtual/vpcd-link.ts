/**
 * The byte pipe between a virtual card and vpcd. vpcd writes each message in two writes (length,
 * then bytes) with Nagle on, so when our side delays its ACK of the first (Linux does in
 * request/response "pingpong" mode) every APDU stalls ~40 ms. The cure is TCP_QUICKACK before each
 * read, which Node cannot set; Python can, so the 'quickack' link runs a tiny Python relay that
 * holds the socket and passes bytes over pipes. The 'tcp' link is plain Node, for where Python is
 * missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

export interface LinkHandlers {
  connected(): void;
  data(chunk: Buffer): void;
  closed(error?: Error): void;
}

export interface Link {
  write(bytes: Buffer): void;
  /** Closes the connection: vpcd sees the card removed. */
  destroy(): void;
}

export type LinkKind = 'tcp' | 'quickack';

export const PYTHON = '/usr/bin/python3';

export function defaultLinkKind(): LinkKind {
  return process.platform === 'linux' && existsSync(PYTHON) ? 'quickack' : 'tcp';
}

export function openTcpLink(host: string, port: number, on: LinkHandlers): Link {
  const socket = connect({ host, port, noDelay: true });
  let failure: Error | undefined;
  socket.on('connect', () => on.connected());
  socket.on('data', (chunk: Buffer) => on.data(chunk));
  socket.on('error', (err) => { failure = err; });
  socket.on('close', () => on.closed(failure));
  return {
    write: (bytes) => { if (!socket.destroyed) socket.write(bytes); },
    destroy: () => socket.destroy(),
  };
}

/** Reads from vpcd with TCP_QUICKACK set before every recv; stdin → socket, socket → stdout. */
const RELAY = `
import os, socket, sys, threading
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
except OSError as e:
    sys.stderr.write('refused %s\\n' % e); sys.stderr.flush(); os._exit(2)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sys.stderr.write('connected\\n'); sys.stderr.flush()
def upstream():
    while True:
        d = os.read(0, 65536)
        if not d: break
        s.sendall(d)
    os._exit(0)
threading.Thread(target=upstream, daemon=True).start()
while True:
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    try:
        d = s.recv(65536)
    except OSError:
        break
    if not d: break
    os.write(1, d)
os._exit(0)
`;

export function openQuickAckLink(host: string, port: number, on: LinkHandlers): Link {
  const child = spawn(PYTHON, ['-c', RELAY, host, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let connected = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!connected && stderr.includes('connected\n')) {
      connected = true;
      on.connected();
    }
  });
  child.stdout.on('data', (chunk: Buffer) => on.data(chunk));
  child.stdin.on('error', () => undefined); // EPIPE once the relay is gone: 'close' reports it
  let closed = false;
  const finish = (error?: Error): void => {
    if (closed) return;
    closed = true;
    on.closed(error);
  };
  child.on('error', (err) => finish(err));
  child.on('close', (code) => finish(code === 0 || code === null ? undefined : new Error(stderr.trim() || `relay exited ${code}`)));
  return {
    write: (bytes) => { if (!closed) child.stdin.write(bytes); },
    destroy: () => { if (!closed) child.kill('SIGKILL'); },
  };
}
