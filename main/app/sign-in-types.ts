/**
 * What the station needs from the identity side: main/identity's client satisfies it, and unit
 * tests can stand in for it without a provider.
 */
import type { FidoSignIn, RoleChoice, SmartcardSignIn } from '../identity/types.js';
import type { CardCredential } from '../core/ports/card-credential.js';
import type { PageSignIn } from '../identity/standard/standard-client.js';

export type { FidoEnrolment, FidoSignIn, RoleChoice, RoleOption, SignedInSession, SmartcardSignIn } from '../identity/types.js';

export interface IdentityGateway {
  beginSmartcardSignIn(): Promise<SmartcardSignIn>;
  beginFidoSignIn(): Promise<FidoSignIn>;
  /** Standard profile: the card proven by TLS client certificate (its own key, after `pin` was
   * verified by Lanyard); used instead of beginSmartcardSignIn when present. */
  beginCertificateSignIn?(card: CardCredential, pin: string, signal?: AbortSignal): Promise<RoleChoice>;
  /** Standard profile: a security key on the provider's own login page (shown by the host);
   * used instead of beginFidoSignIn when present. */
  beginPageKeySignIn?(open: PageSignIn, signal?: AbortSignal): Promise<RoleChoice>;
}

/** Anything thrown by a card, a key, the provider or the keychain may carry a sentence for people. */
export function userMessageOf(error: unknown, fallback: string): string {
  const text = (error as { userMessage?: unknown } | null)?.userMessage;
  return typeof text === 'string' && text ? text : fallback;
}
