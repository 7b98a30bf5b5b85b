/**
 * Binding fingerprint keys to a person signed in by card, and removing them. The provider refuses
 * both for a session that began with a key: a key never vouches for another key.
 */
import type { SignedInSession } from './sign-in-types.js';
import { userMessageOf } from './sign-in-types.js';
import type { KeySource } from './station/deps.js';

export interface EnrolmentContext {
  keys: KeySource | undefined;
  /** Aborted when the session leaves the screen: the key stops waiting for a finger. */
  signal?: AbortSignal;
  /** Demo mode: the virtual key is "touched" for the user. */
  touchDemoKeys(): void;
  enrolled(path: string): void;
  record(event: 'fido-enrolled' | 'fido-removed', userId: string, reason?: string): void;
  say(kind: 'info' | 'warning' | 'error', text: string): void;
}

export async function enrolKey(ctx: EnrolmentContext, session: SignedInSession): Promise<boolean> {
  const path = ctx.keys?.present()[0];
  if (!ctx.keys || !path) {
    ctx.say('warning', 'Plug in your fingerprint key first, then choose Enrol key again.');
    return false;
  }
  ctx.say('info', 'Touch your fingerprint key with the finger you will use to sign in.');
  try {
    const enrolment = await session.beginFidoEnrolment();
    ctx.touchDemoKeys();
    await enrolment.complete(await ctx.keys.register(path, enrolment.options, ctx.signal));
    ctx.enrolled(path);
    ctx.record('fido-enrolled', session.user.userId);
    ctx.say('info', 'Fingerprint key enrolled. Next time, lock and touch the key to sign in.');
    return true;
  } catch (error) {
    ctx.say('error', userMessageOf(error, 'The key could not be enrolled. Try again, or ask the IT service desk.'));
    return false;
  }
}

export async function removeKeys(ctx: EnrolmentContext, session: SignedInSession): Promise<void> {
  try {
    const keys = await session.fidoCredentials();
    for (const key of keys) await session.removeFidoCredential(key.id);
    if (keys.length) ctx.record('fido-removed', session.user.userId, `${keys.length} key(s)`);
    ctx.say('info', keys.length ? 'Your fingerprint keys were removed: sign in with your card.' : 'You have no fingerprint keys enrolled.');
  } catch (error) {
    ctx.say('error', userMessageOf(error, 'The keys could not be removed. Try again, or ask the IT service desk.'));
  }
}
