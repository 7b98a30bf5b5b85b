/**
 * What the station needs from the identity side (main/identity implements it on openid-client).
 * Kept as structural types so the station can be exercised without a provider in unit tests.
 */
import type { HostCookie } from '../core/ports/host.js';
import type { SignatureAlgorithm } from '../core/ports/card-credential.js';

export interface RoleOption {
  roleId: string;
  roleCode: string;
  roleName: string;
  orgCode: string;
  orgName: string;
}

export interface SignedInSession {
  readonly user: { userId: string; name: string };
  readonly role: RoleOption;
  readonly claims: Record<string, unknown>;
  readonly refreshToken?: string;
  /** The provider's session, put into the user's partition so each app tab signs in silently. */
  readonly providerCookies: HostCookie[];
  logout(): Promise<void>;
}

export interface RoleChoice {
  readonly user: { userId: string; name: string };
  readonly roles: RoleOption[];
  choose(roleId: string): Promise<SignedInSession>;
}

export interface SmartcardSignIn {
  readonly challenge: Uint8Array;
  complete(proof: { certificateDer: Uint8Array; signature: Uint8Array; algorithm: SignatureAlgorithm }): Promise<RoleChoice>;
}

export interface IdentityGateway {
  beginSmartcardSignIn(): Promise<SmartcardSignIn>;
}

/** Anything thrown by a card, the provider or the keychain may carry a sentence for people. */
export function userMessageOf(error: unknown, fallback: string): string {
  const text = (error as { userMessage?: unknown } | null)?.userMessage;
  return typeof text === 'string' && text ? text : fallback;
}
