/**
 * What the station needs from the identity side: main/identity's client satisfies it, and unit
 * tests can stand in for it without a provider.
 */
import type { FidoSignIn, SmartcardSignIn } from '../identity/types.js';

export type { FidoEnrolment, FidoSignIn, RoleChoice, RoleOption, SignedInSession, SmartcardSignIn } from '../identity/types.js';

export interface IdentityGateway {
  beginSmartcardSignIn(): Promise<SmartcardSignIn>;
  beginFidoSignIn(): Promise<FidoSignIn>;
}

/** Anything thrown by a card, a key, the provider or the keychain may carry a sentence for people. */
export function userMessageOf(error: unknown, fallback: string): string {
  const text = (error as { userMessage?: unknown } | null)?.userMessage;
  return typeof text === 'string' && text ? text : fallback;
}
