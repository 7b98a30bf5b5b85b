/**
 * A real ChromiumHost (headless, system Chromium) with one app on a loopback server the test
 * starts, plus an "outside" server that counts every request it gets: whatever reaches it was let
 * through. The log is captured, the host's events recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { ChromiumHost } from '../../../main/host/chromium/chromium-host.js';
import { consoleLog } from '../../../main/app/console-log.js';
import { rendererDir } from '../../../main/app/paths.js';
import type { AppEvent, AppSpec } from '../../../main/core/ports/host.js';
import type { ShellCommand } from '../../../main/core/shell-view.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, origin: string) => void;

export interface Server { origin: string; hits: string[]; close(): Promise<void> }

/** `host`: 127.0.0.1, or localhost or 127.0.0.2 (other sites, so their frames run out of process). */
export async function serve(handler: Handler, host: '127.0.0.1' | 'localhost' | '127.0.0.2' = '127.0.0.1'): Promise<Server> {
  const hits: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, host === '127.0.0.2' ? host : '127.0.0.1', resolve));
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

export function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><body>${body}</body></html>`);
}

export interface Rig {
  host: ChromiumHost;
  logs: string[];
  events: AppEvent[];
  /** Commands the host gave the station (the shell's, and Lanyard's keys from app tabs). */
  commands: ShellCommand[];
  /** Opens `app` in a fresh partition and returns its tab's page. */
  open(partition: string, app: AppSpec): Promise<Page>;
  /** Resolves with the first event (already recorded or coming) that matches; rejects after 10 s. */
  next<T extends AppEvent['type']>(type: T, match?: (e: Extract<AppEvent, { type: T }>) => boolean): Promise<Extract<AppEvent, { type: T }>>;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const logs: string[] = [];
  const log = consoleLog('test', 'debug', (line) => { logs.push(line); });
  const host = new ChromiumHost({ headless: true, rendererDir: rendererDir(), log: log.child('host') });
  const events: AppEvent[] = [];
  const waiters = new Set<(e: AppEvent) => void>();
  host.subscribe((e) => { events.push(e); for (const w of waiters) w(e); });
  const commands: ShellCommand[] = [];
  await host.openShell(async (command) => { commands.push(command); });
  return {
    host, logs, events, commands,
    async open(partition, app) {
      await host.createPartition(partition);
      await host.openApp(partition, app);
      const page = host.appPage(partition, app.id);
      if (!page) throw new Error('no tab page');
      return page;
    },
    next(type, match = () => true) {
      type E = Extract<AppEvent, { type: typeof type }>;
      const hit = (e: AppEvent): e is E => e.type === type && match(e as E);
      const seen = events.find(hit);
      if (seen) return Promise.resolve(seen);
      return new Promise<E>((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(w); reject(new Error(`no ${type} event within 10 s`)); }, 10_000);
        const w = (e: AppEvent) => { if (hit(e)) { clearTimeout(timer); waiters.delete(w); resolve(e); } };
        waiters.add(w);
      });
    },
    close: () => host.close(),
  };
}

export function appSpec(id: string, origin: string, path = '/', more: string[] = []): AppSpec {
  return { id, name: id, url: `${origin}${path}`, allowedOrigins: [origin, ...more] };
}
