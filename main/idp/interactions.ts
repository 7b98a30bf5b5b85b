/**
 * The provider's interaction routes, designed for a native client driving them over HTTP (JSON when
 * it sends `Accept: application/json`) and readable in a browser:
 *   GET  /interaction/:uid            what is needed now: a sign-in challenge, or a role choice
 *   POST /interaction/:uid/smartcard  { nonce, certificate, signature, algorithm } (base64 / base64url)
 *   POST /interaction/:uid/role       { roleId }
 * A browser asking for HTML gets the standard-profile login page instead (login-page/), with the
 * certauth listener's card route and the page's own WebAuthn routes.
 * Each sign-in method is one route plus one entry in the GET answer's `methods`, so FIDO sits
 * beside the smartcard without touching it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Log } from '../core/ports/log.js';
import type { CardVerifier, CardSignatureAlgorithm } from './card-verifier.js';
import type { ChallengeStore } from './challenge-store.js';
import type { DirectoryIndex, DirectoryUser } from './directory.js';
import type { RoleStore } from './role-store.js';
import { ACR_AAL3, SMARTCARD_AMR } from './claims.js';
import { BodyError, escapeHtml, page, readBody, redirect, sendHtml, sendJson, wantsJson } from './http-util.js';
import { SignInRefused, type RefusalCode } from './refusals.js';

/** Extra sign-in methods (FIDO) plug in here. */
export interface SignInMethod {
  readonly name: string;
  /** What the GET answer carries for this method (e.g. WebAuthn request options). */
  describe(uid: string): Promise<Record<string, unknown>>;
  /** Handles POST /interaction/:uid/<name>; resolves the verified account and its amr. */
  verify(uid: string, body: Record<string, unknown>): Promise<{ userId: string; amr: string[] }>;
}

/** The standard-profile routes (login-page/standard-login.ts); absent: the reference exchange only. */
export interface StandardLoginRoutes {
  /** The login page for a browser (or a redirect to the certificate endpoint); false when the
   * interaction is not at its login prompt (the role page is the reference one). */
  page(uid: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Handles `action` when it is one of its routes; resolves false otherwise. */
  route(uid: string, action: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export interface InteractionDeps {
  provider: Provider;
  index: DirectoryIndex;
  verifier: CardVerifier;
  challenges: ChallengeStore;
  roles: RoleStore;
  log: Log;
  methods: SignInMethod[];
  standard?: StandardLoginRoutes;
}

/** How a finished login chooses the role: at this provider's role prompt (the reference client),
 * or in the client from the roles claim (the standard profile: the provider does not prompt). */
export type RoleChoiceAt = 'provider' | 'client';
/** Marks an interaction result whose role is the client's choice (read by the select_role check). */
export const CLIENT_ROLE_CHOICE = 'lanyardRoleChoice';

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/([a-z-]+))?$/;

export function interactionPath(uid: string): string {
  return `/interaction/${uid}`;
}

export function roleOptions(index: DirectoryIndex, user: DirectoryUser) {
  return user.roles.map((r) => ({
    roleId: r.roleId, roleCode: r.roleCode, roleName: r.roleName, orgCode: r.orgCode,
    orgName: index.organisation(r.orgCode)?.name ?? r.orgCode,
  }));
}

/** Returns false when the request is not an interaction route. */
export async function handleInteraction(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = ROUTE.exec(url.pathname);
  if (!match) return false;
  const uid = match[1] ?? '';
  const action = match[2];
  try {
    if (req.method === 'GET' && action === undefined) {
      const served = !wantsJson(req) && deps.standard !== undefined && await deps.standard.page(uid, req, res);
      if (!served) await describe(deps, uid, req, res);
    }
    else if (action && deps.standard && await deps.standard.route(uid, action, req, res)) return true;
    else if (req.method === 'POST' && action === 'smartcard') await smartcard(deps, uid, req, res);
    else if (req.method === 'POST' && action === 'role') await chooseRole(deps, uid, req, res);
    else if (req.method === 'POST' && action && deps.methods.some((m) => m.name === action)) await otherMethod(deps, uid, action, req, res);
    else sendJson(res, 404, { error: 'not-found', error_description: 'No such sign-in step.' });
  } catch (err) {
    refuse(deps.log, req, res, err);
  }
  return true;
}

export async function details(deps: InteractionDeps, uid: string, req: IncomingMessage, res: ServerResponse) {
  let interaction;
  try {
    interaction = await deps.provider.interactionDetails(req, res);
  } catch (cause) {
    throw new SignInRefused('stale-nonce', 'interaction not found or expired', { cause });
  }
  if (interaction.uid !== uid) throw new SignInRefused('stale-nonce', 'interaction cookie belongs to another sign-in');
  return interaction;
}

async function describe(deps: InteractionDeps, uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const interaction = await details(deps, uid, req, res);
  const json = wantsJson(req);
  if (interaction.prompt.name === 'login') {
    if (!json) {
      sendHtml(res, 200, page('Sign in with Lanyard', '<h1>Sign in with Lanyard</h1><p>Tap your smartcard or touch your security key at the workstation to sign in. This page cannot sign you in by itself.</p>'));
      return;
    }
    const challenge = deps.challenges.issue(uid, 'smartcard');
    const methods: Record<string, unknown> = {
      smartcard: {
        nonce: challenge.nonce,
        challenge: Buffer.from(challenge.bytes).toString('base64url'),
        expiresAt: challenge.expiresAt,
        submit: `${interactionPath(uid)}/smartcard`,
      },
    };
    for (const m of deps.methods) methods[m.name] = { ...(await m.describe(uid)), submit: `${interactionPath(uid)}/${m.name}` };
    sendJson(res, 200, { uid, prompt: 'login', methods });
    return;
  }
  if (interaction.prompt.name === 'select_role') {
    const accountId = interaction.session?.accountId ?? '';
    const user = deps.index.user(accountId);
    if (!user) throw new SignInRefused('unknown-user', `account ${accountId} left the directory`);
    const roles = roleOptions(deps.index, user);
    if (json) {
      sendJson(res, 200, { uid, prompt: 'select_role', user: { userId: user.userId, name: user.name }, roles, submit: `${interactionPath(uid)}/role` });
      return;
    }
    const buttons = roles.map((r) => `<button name="roleId" value="${escapeHtml(r.roleId)}">${escapeHtml(r.roleName)} — ${escapeHtml(r.orgName)}</button>`).join('<br>');
    sendHtml(res, 200, page('Choose your role', `<h1>Choose your role</h1><p>${escapeHtml(user.name)}</p><form method="post" action="${interactionPath(uid)}/role">${buttons}</form>`));
    return;
  }
  throw new SignInRefused('bad-request', `unexpected prompt ${interaction.prompt.name}`);
}

function b64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value === '') throw new SignInRefused('bad-request', `${field} missing`);
  return new Uint8Array(Buffer.from(value, value.includes('+') || value.includes('/') || value.endsWith('=') ? 'base64' : 'base64url'));
}

async function smartcard(deps: InteractionDeps, uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const nonce = typeof body.nonce === 'string' ? body.nonce : '';
  if (!nonce) throw new SignInRefused('bad-request', 'nonce missing');
  const algorithm = body.algorithm;
  if (algorithm !== 'RS256' && algorithm !== 'ES256') throw new SignInRefused('bad-request', 'algorithm must be RS256 or ES256');
  const certificateDer = b64(body.certificate, 'certificate');
  const signature = b64(body.signature, 'signature');
  // The challenge is spent before anything else is looked at, so a failed attempt cannot be retried.
  const challenge = deps.challenges.spend(nonce, uid);
  const card = await deps.verifier.verify({ certificateDer, signature, algorithm: algorithm as CardSignatureAlgorithm }, challenge);
  deps.log.info('card verified', { userId: card.userId, serial: card.serialNumber });
  await finishLogin(deps, uid, req, res, card.userId, [...SMARTCARD_AMR]);
}

async function otherMethod(deps: InteractionDeps, uid: string, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = deps.methods.find((m) => m.name === name);
  if (!method) throw new SignInRefused('bad-request', `unknown method ${name}`);
  const body = await readBody(req);
  const { userId, amr } = await method.verify(uid, body);
  await finishLogin(deps, uid, req, res, userId, amr);
}

export async function finishLogin(
  deps: InteractionDeps, uid: string, req: IncomingMessage, res: ServerResponse, userId: string, amr: string[], roleChoice: RoleChoiceAt = 'provider',
): Promise<void> {
  const user = deps.index.user(userId);
  if (!user) throw new SignInRefused('unknown-user', `user ${userId} is not in the directory`);
  if (user.roles.length === 0) throw new SignInRefused('no-roles', `user ${userId} has no roles`);
  const interaction = await details(deps, uid, req, res);
  if (interaction.prompt.name !== 'login') throw new SignInRefused('bad-request', 'this sign-in is not waiting for a login');
  const redirectTo = await deps.provider.interactionResult(req, res, {
    login: { accountId: user.userId, acr: ACR_AAL3, amr, remember: false },
    ...(roleChoice === 'client' ? { [CLIENT_ROLE_CHOICE]: true } : {}),
  }, { mergeWithLastSubmission: false });
  deps.log.info('sign-in accepted', { userId: user.userId, amr: amr.join(',') });
  answer(req, res, redirectTo);
}

async function chooseRole(deps: InteractionDeps, uid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const roleId = typeof body.roleId === 'string' ? body.roleId : '';
  const interaction = await details(deps, uid, req, res);
  const session = interaction.session;
  if (interaction.prompt.name !== 'select_role' || !session?.accountId || !session.uid) throw new SignInRefused('bad-request', 'this sign-in is not waiting for a role');
  if (!deps.index.role(session.accountId, roleId)) throw new SignInRefused('unknown-role', `role ${roleId} is not held by ${session.accountId}`);
  deps.roles.set(session.uid, session.accountId, roleId);
  const redirectTo = await deps.provider.interactionResult(req, res, { select_role: { roleId } }, { mergeWithLastSubmission: true });
  deps.log.info('role selected', { userId: session.accountId, roleId });
  answer(req, res, redirectTo);
}

function answer(req: IncomingMessage, res: ServerResponse, redirectTo: string): void {
  if (wantsJson(req)) sendJson(res, 200, { redirectTo });
  else redirect(res, redirectTo);
}

const STATUS: Partial<Record<RefusalCode, number>> = { 'bad-request': 400, 'stale-nonce': 400, 'replayed-nonce': 400, 'unknown-role': 400 };

export function refuse(log: Log, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  const refusal = err instanceof SignInRefused ? err
    : err instanceof BodyError ? new SignInRefused('bad-request', err.message, { cause: err }) : undefined;
  if (!refusal) {
    log.error('interaction failed', { error: String(err) });
    sendJson(res, 500, { error: 'server-error', error_description: 'The sign-in service had a problem. Please try again; if it keeps happening call the IT service desk.' });
    return;
  }
  log.warn('sign-in refused', { code: refusal.code, detail: refusal.message });
  const status = STATUS[refusal.code] ?? 403;
  if (wantsJson(req)) sendJson(res, status, { error: refusal.code, error_description: refusal.userMessage });
  else sendHtml(res, status, page('Sign-in refused', `<div class="refused"><h1>Sign-in refused</h1><p>${escapeHtml(refusal.userMessage)}</p></div>`));
}
