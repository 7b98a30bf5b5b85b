/**
 * The embedded FHIRcast hub (3.0.0) on loopback: node:http for the hub URL (subscribe,
 * unsubscribe, publish, get current context, .well-known) and `ws` for the subscriber sockets.
 * Every refusal answers the spec's 4xx with a plain-text reason and is logged; no token is logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Log } from '../core/ports/log.js';
import { ContextError } from './context-error.js';
import { ALL_EVENTS, parseNotification } from './events.js';
import { HubCore, type HubCoreOptions } from './hub-core.js';
import { bearerToken, mediaType, parseForm, parseJsonObject, readLimited } from './http-body.js';
import type { TokenGrant, TokenVerifier } from './tokens.js';

export const HUB_PATH = '/fhircast';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024;

export interface HubServerOptions extends HubCoreOptions {
  verifier: TokenVerifier;
  /** Origins of app pages that may call the hub from a browser (CORS and the socket's Origin). */
  allowedOrigins?: readonly string[];
  port?: number;
}

export interface RunningHub {
  /** `hub.url` as apps get it in their launch context. */
  url: string;
  core: HubCore;
  close(): Promise<void>;
}

export async function startHub(opts: HubServerOptions): Promise<RunningHub> {
  const log: Log = opts.log.child('fhircast');
  const core = new HubCore({ ...opts, log });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const origins = new Set(opts.allowedOrigins ?? []);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => refuse(res, req, err));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const a = server.address();
      if (a === null || typeof a === 'string') reject(new Error('hub has no TCP address')); else resolve(a.port);
    });
  });
  const url = `http://127.0.0.1:${port}${HUB_PATH}`;
  const socketBase = `ws://127.0.0.1:${port}${HUB_PATH}/ws`;

  function cors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
  }

  function refuse(res: ServerResponse, req: IncomingMessage, err: unknown): void {
    const e = err instanceof ContextError ? err : new ContextError('malformed', 'request failed', { cause: err });
    if (!(err instanceof ContextError)) log.error('hub request failed', { error: String(err) });
    log.warn('hub refused request', { method: req.method, code: e.code, status: e.status, reason: e.message });
    if (res.headersSent) { res.destroy(); return; }
    cors(req, res);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
    if (e.status === 401) headers['www-authenticate'] = 'Bearer';
    res.writeHead(e.status, headers).end(e.message);
  }

  function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
    cors(req, res);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text);
  }

  async function grantFor(req: IncomingMessage): Promise<TokenGrant> {
    const token = bearerToken(req);
    if (!token) throw new ContextError('no-token', 'an access token (Authorization: Bearer) is required');
    const grant = await opts.verifier.verify(token);
    if (!grant) throw new ContextError('bad-token', 'the access token is not active');
    return grant;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (!path.startsWith(HUB_PATH)) throw new ContextError('unknown-topic', 'not found');
    const rest = path.slice(HUB_PATH.length);
    if (req.method === 'OPTIONS') {
      cors(req, res);
      if (req.headers.origin && origins.has(req.headers.origin)) {
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', 'authorization, content-type');
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && rest === '/.well-known/fhircast-configuration') {
      json(req, res, 200, { eventsSupported: ALL_EVENTS.filter((e) => e !== 'heartbeat'), websocketSupport: true, fhircastVersion: '3.0.0', getCurrentSupport: true });
      return;
    }
    if (req.method === 'GET' && /^\/[A-Za-z0-9]{1,128}$/.test(rest)) {
      json(req, res, 200, core.currentContext(await grantFor(req), rest.slice(1)));
      return;
    }
    if (req.method !== 'POST' || (rest !== '' && rest !== '/')) throw new ContextError('unknown-topic', 'not found');
    const type = mediaType(req);
    if (type === 'application/x-www-form-urlencoded') {
      const form = parseForm(await readLimited(req, MAX_BODY_BYTES));
      const grant = await grantFor(req);
      const endpoint = core.subscribe(grant, form, socketBase);
      json(req, res, 202, { 'hub.channel.endpoint': endpoint });
      return;
    }
    if (type === 'application/json' || type === 'application/fhir+json') {
      const body = parseJsonObject(await readLimited(req, MAX_BODY_BYTES));
      const grant = await grantFor(req);
      core.publish(grant, parseNotification(body));
      cors(req, res);
      res.writeHead(202, { 'cache-control': 'no-store' }).end();
      return;
    }
    throw new ContextError('unsupported-type', 'subscriptions are application/x-www-form-urlencoded, events application/json');
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    const m = /^\/fhircast\/ws\/([A-Za-z0-9_-]{16,64})$/.exec(path);
    const origin = req.headers.origin;
    // Browsers always send Origin: only the apps' own pages may open a socket; other local
    // programs (no Origin) still need the unguessable endpoint from a token-checked subscription.
    if (!m || (origin !== undefined && !origins.has(origin))) {
      log.warn('hub refused socket', { reason: m ? 'origin' : 'unknown endpoint' });
      socket.end(`HTTP/1.1 ${m ? '403 Forbidden' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const endpointId = m[1] ?? '';
    wss.handleUpgrade(req, socket, head, (ws) => core.attach(endpointId, ws));
  });

  log.info('FHIRcast hub listening', { url });
  return {
    url, core,
    close: () => new Promise<void>((resolve) => {
      core.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
