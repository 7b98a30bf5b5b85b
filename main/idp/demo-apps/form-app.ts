/**
 * A legacy demo app that knows nothing of OpenID Connect: a username/password form (sign-in kind
 * `form`), a small fixed list of demo accounts, a notes form. Lanyard fills the form from the
 * user's keychain entry.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Log } from '../../core/ports/log.js';
import type { FormSignIn } from '../../core/policy/types.js';
import { closeServer, cookieValue, escapeHtml, listen, page, readBody, redirect, sendHtml, sendJson } from '../http-util.js';
import { nullLog } from '../null-log.js';
import { AppSessionStore, type AppSession } from './app-session-store.js';

export interface LegacyAccount {
  username: string;
  password: string;
  userId: string;
  name: string;
  roleName: string;
}

/** Demo accounts only; a real legacy app has its own user store. */
export const LEGACY_DEMO_ACCOUNTS: readonly LegacyAccount[] = [
  { username: 'apatel', password: 'rota-demo-1', userId: '555000000001', name: 'Dr Asha Patel', roleName: 'Doctor' },
  { username: 'sjones', password: 'rota-demo-2', userId: '555000000002', name: 'Sam Jones', roleName: 'Receptionist' },
];

export const LEGACY_FORM_SELECTORS: Omit<FormSignIn, 'loginUrl'> = {
  usernameSelector: '#username', passwordSelector: '#password', submitSelector: '#sign-in',
};

export interface RunningFormApp {
  id: string;
  name: string;
  origin: string;
  url: string;
  loginUrl: string;
  sessions: AppSessionStore;
  close(): Promise<void>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a); const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startFormApp(opts: { id?: string; name?: string; accounts?: readonly LegacyAccount[]; log?: Log; port?: number } = {}): Promise<RunningFormApp> {
  const id = opts.id ?? 'staff-rota';
  const name = opts.name ?? 'Staff Rota';
  const accounts = opts.accounts ?? LEGACY_DEMO_ACCOUNTS;
  const log = (opts.log ?? nullLog).child(id);
  const sessionCookie = `${id.replace(/[^a-z0-9]/gi, '_')}_session`;
  const sessions = new AppSessionStore();

  function loginPage(res: ServerResponse, status: number, error?: string): void {
    sendHtml(res, status, page(`${name}: sign in`, `<h1>${escapeHtml(name)}</h1><p>This older system has its own sign-in.</p>
${error ? `<div class="refused" id="login-error">${escapeHtml(error)}</div>` : ''}
<form method="post" action="/login" id="login-form">
<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit" id="sign-in">Sign in</button></p></form>`));
  }

  function home(res: ServerResponse, s: AppSession): void {
    sendHtml(res, 200, page(name, `<h1>${escapeHtml(name)}</h1><div class="who" id="who"><span id="user-name">${escapeHtml(s.name)}</span> · <span id="role-name">${escapeHtml(s.roleName)}</span></div>
<form method="post" action="/notes"><h2><label for="notes">Notes</label></h2><textarea id="notes" name="notes">${escapeHtml(s.notes)}</textarea><p><button type="submit">Save notes</button></p></form>
<form method="post" action="/logout"><button type="submit" id="sign-out">Sign out</button></form>`));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const session = sessions.get(cookieValue(req, sessionCookie));
    if (req.method === 'GET' && url.pathname === '/api/session') {
      sendJson(res, 200, session ? { signedIn: true, userId: session.userId, name: session.name } : { signedIn: false });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/login') return loginPage(res, 200);
    if (req.method === 'POST' && url.pathname === '/login') {
      const body = await readBody(req);
      const account = accounts.find((a) => a.username === body.username);
      if (!account || typeof body.password !== 'string' || !same(account.password, body.password)) {
        log.info('form sign-in refused', { username: String(body.username ?? '') });
        return loginPage(res, 401, 'Username or password not recognised.');
      }
      const s = sessions.create({ userId: account.userId, name: account.name, roleName: account.roleName, roleCode: '', orgName: '' });
      return redirect(res, '/', { 'set-cookie': `${sessionCookie}=${s.id}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (!session) return redirect(res, '/login');
    if (req.method === 'POST' && url.pathname === '/logout') {
      sessions.delete(session.id);
      return redirect(res, '/login', { 'set-cookie': `${sessionCookie}=; Path=/; Max-Age=0` });
    }
    if (req.method === 'POST' && url.pathname === '/notes') {
      const body = await readBody(req);
      session.notes = typeof body.notes === 'string' ? body.notes : '';
      return redirect(res, '/');
    }
    if (req.method === 'GET' && url.pathname === '/') return home(res, session);
    sendHtml(res, 404, page(name, '<p>Page not found.</p>'));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error('request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listen(server, opts.port ?? 0);
  const origin = `http://127.0.0.1:${port}`;
  return { id, name, origin, url: `${origin}/`, loginUrl: `${origin}/login`, sessions, close: () => closeServer(server) };
}
