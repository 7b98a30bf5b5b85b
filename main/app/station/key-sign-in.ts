/**
 * How this station signs a fingerprint key in: by touch (the reference provider's challenge, the
 * key waiting for a finger on the lock screen), or, when the identity provider signs keys in on its
 * own login page and the host can show that page, by the person's "Sign in with your security key"
 * (page-key-sign-in.ts). Policy without FIDO, or no key source: neither.
 */
import type { Clock } from '../../core/ports/clock.js';
import type { Log } from '../../core/ports/log.js';
import { PageKeySignIn } from '../page-key-sign-in.js';
import { TouchSignIn, type TouchResult } from '../touch-sign-in.js';
import type { StationDeps } from './deps.js';

export interface KeySignInEvents {
  /** May a touch ceremony wait for a finger now? */
  canWait(): boolean;
  signedIn(result: TouchResult): void;
  failed(message: string, code: string | undefined): void;
  changed(): void;
}

export interface KeySignIn { touch?: TouchSignIn; page?: PageKeySignIn }

export function keySignInFor(deps: StationDeps, clock: Clock, events: KeySignInEvents, log: Log): KeySignIn {
  const keys = deps.fido;
  if (!keys || !deps.policy.authenticators.fido) return {};
  const { identity, host } = deps;
  if (identity.beginPageKeySignIn) {
    if (!host.keySignInPage || !keys.pageCeremony) {
      // The provider takes keys only on its own page, and this host cannot show one: no key sign-in.
      log.warn('security keys cannot sign in here: the identity provider signs keys in on its own page, which this host cannot show');
      return {};
    }
    const pageCeremony = keys.pageCeremony.bind(keys);
    const beginPageKeySignIn = identity.beginPageKeySignIn.bind(identity);
    const keySignInPage = host.keySignInPage.bind(host);
    return { page: new PageKeySignIn({ present: () => keys.present(), pageCeremony }, { beginPageKeySignIn }, { keySignInPage }, events, log.child('key-page')) };
  }
  return { touch: new TouchSignIn(keys, identity, clock, events, log.child('touch')) };
}
