/**
 * The slow parts of a sign-in, run outside the station's queue on behalf of one attempt: the card
 * (PIN, signatures), the identity provider (with retries on the Clock) and the new session's
 * partition. Each takes the attempt's signal and holds what it obtains on the attempt, so a pulled
 * card abandons it at once and nothing it redeemed outlives it.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { Host } from '../../core/ports/host.js';
import type { CardCredential } from '../../core/ports/card-credential.js';
import type { IdentityGateway, RoleChoice, SignedInSession } from '../sign-in-types.js';
import type { AppCredentials } from '../legacy-logins.js';
import { proveCardPossession } from '../card-possession.js';
import { withRetries, type Backoff } from './retry.js';
import type { Attempt } from './attempt.js';
import type { StationDeps } from './deps.js';

/** Tries at the identity provider before a card sign-in gives up, and the pauses between them. */
export const PROVIDER_TRIES = 3;
export const PROVIDER_BACKOFF: Backoff = { firstMs: 1000, maxMs: 4000 };

export interface WorkContext {
  clock: Clock;
  host: Host;
  identity: IdentityGateway;
  secrets?: AppCredentials & { forgetUser(userId: string): Promise<unknown> };
  /** Demo mode: legacy-app sign-ins its IT has provisioned for a user. */
  provisionedAccounts?(userId: string): { appId: string; username: string; password: string }[];
  releaseFailed(error: unknown): void;
  /** The provider did not answer and will be tried again (a sentence for the user). */
  retrying(error: unknown): void;
}

export type CardOutcome = { kind: 'identified'; choice: RoleChoice } | { kind: 'proven' };

/** The sign-in work's surroundings, from the station's deps. */
export function workContextFor(deps: StationDeps, retrying: (error: unknown) => void): WorkContext {
  return {
    clock: deps.clock, host: deps.host, identity: deps.identity, ...(deps.secrets ? { secrets: deps.secrets } : {}),
    provisionedAccounts: (userId) => deps.demo?.provisionedAccounts(userId) ?? [],
    releaseFailed: (error) => deps.log.warn('abandoned sign-in not fully released', { error: String(error) }),
    retrying,
  };
}

/** PIN once (a wrong PIN is never retried for the user), then either the resume proof or the
 * provider's challenge signed by the card. */
export async function pinThenProve(ctx: WorkContext, attempt: Attempt, credential: CardCredential, pin: string,
  resuming: boolean): Promise<CardOutcome> {
  await credential.verifyPin(pin);
  attempt.signal.throwIfAborted();
  if (resuming) {
    await proveCardPossession(credential);
    return { kind: 'proven' };
  }
  const choice = await withRetries(ctx.clock, attempt.signal, PROVIDER_TRIES, PROVIDER_BACKOFF, ctx.retrying, async () => {
    // The standard profile: a TLS client-certificate sign-in at the provider, the card making the
    // handshake signature (the PIN was verified just above, so the middleware never retries it).
    if (ctx.identity.beginCertificateSignIn) return ctx.identity.beginCertificateSignIn(credential, pin, attempt.signal);
    const signIn = await ctx.identity.beginSmartcardSignIn();
    attempt.signal.throwIfAborted();
    const signature = await credential.sign(signIn.challenge);
    attempt.signal.throwIfAborted();
    return signIn.complete({ certificateDer: credential.certificateDer, signature, algorithm: credential.algorithm });
  });
  holdChoice(ctx, attempt, choice);
  return { kind: 'identified', choice };
}

/** Within the PIN grace: the card signs a fresh challenge with its PIN-less Card Authentication key. */
export async function proveCardKey(credential: CardCredential): Promise<CardOutcome> {
  const key = credential.cardAuthentication;
  if (!key) throw Object.assign(new Error('the card has no Card Authentication key'), { code: 'no-card-key' });
  await proveCardPossession(key);
  return { kind: 'proven' };
}

/** Tokens a sign-in redeemed are revoked if the attempt is abandoned before a session takes them. */
export function holdChoice(ctx: WorkContext, attempt: Attempt, choice: RoleChoice): void {
  attempt.hold(() => choice.abandon(), ctx.releaseFailed);
}

/** The role's tokens, the partition with the provider session in it, and provisioned sign-ins. */
export async function redeemRole(ctx: WorkContext, attempt: Attempt, choice: RoleChoice, roleId: string): Promise<SignedInSession> {
  const signedIn = await choice.choose(roleId);
  attempt.hold(() => signedIn.logout(), ctx.releaseFailed);
  attempt.signal.throwIfAborted();
  await ctx.host.createPartition(attempt.sessionId);
  attempt.hold(() => ctx.host.destroyPartition(attempt.sessionId), ctx.releaseFailed);
  attempt.signal.throwIfAborted();
  await ctx.host.addCookies(attempt.sessionId, signedIn.providerCookies);
  const accounts = ctx.provisionedAccounts?.(signedIn.user.userId) ?? [];
  if (accounts.length && ctx.secrets) {
    const secrets = ctx.secrets;
    attempt.hold(() => secrets.forgetUser(signedIn.user.userId), ctx.releaseFailed);
    for (const account of accounts) await secrets.saveAppCredential(signedIn.user.userId, account.appId, account).catch(ctx.releaseFailed);
  }
  attempt.signal.throwIfAborted();
  return signedIn;
}
