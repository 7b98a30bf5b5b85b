/** What the shell's identity client hands the session layer. */
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { HostCookie } from '../core/ports/host.js';

export interface SignedInUser {
  userId: string;
  name: string;
}

export interface RoleOption {
  roleId: string;
  roleCode: string;
  roleName: string;
  orgCode: string;
  orgName: string;
}

export interface CardProofInput {
  certificateDer: Uint8Array;
  signature: Uint8Array;
  algorithm: 'RS256' | 'ES256';
}

export interface SmartcardSignIn {
  /** The exact bytes the card must sign (after PIN verification). Single use, short-lived. */
  readonly challenge: Uint8Array;
  /** Sends the card's answer. Rejects with IdentityError (e.g. 'revoked', 'bad-signature'). */
  complete(proof: CardProofInput): Promise<RoleChoice>;
}

export interface FidoSignIn {
  /** For the FIDO engineer's WebAuthnClient.authenticate(). User verification is required. */
  readonly options: PublicKeyCredentialRequestOptionsJSON;
  complete(response: AuthenticationResponseJSON): Promise<RoleChoice>;
}

export interface FidoEnrolment {
  /** For WebAuthnClient.register(). A discoverable credential with user verification. */
  readonly options: PublicKeyCredentialCreationOptionsJSON;
  /** Resolves the new credential's ID (base64url). */
  complete(response: RegistrationResponseJSON): Promise<string>;
}

export interface RegisteredKey {
  id: string;
  createdAt: number;
}

export interface RoleChoice {
  readonly user: SignedInUser;
  /** Every role the person holds; with one role the caller simply chooses it. */
  readonly roles: RoleOption[];
  choose(roleId: string): Promise<SignedInSession>;
  /** The sign-in will not be used (the card was pulled, or the person's suspended session resumed
   * instead): revokes whatever it already redeemed. Safe to call more than once. */
  abandon(): Promise<void>;
}

export interface SignedInSession {
  readonly user: SignedInUser;
  readonly role: RoleOption;
  /** Claims of the latest ID token (CIS2 names, acr, amr, sid). */
  readonly claims: Record<string, unknown>;
  readonly refreshToken?: string;
  /** Seconds the current access token was issued for (the token response's expires_in), if said. */
  readonly accessTokenLifetimeSeconds?: number | undefined;
  /** The key only this user's own sign-in yields (the provider's `lanyard_vault_key` claim, at least
   * 32 bytes), sealing the sign-ins they ask Lanyard to remember; absent when the provider has none. */
  readonly vaultKey?: Uint8Array | undefined;
  /** The provider session, to be put into the user's browsing partition so that every app tab's own
   * OIDC login completes silently. */
  readonly providerCookies: HostCookie[];
  /** Fresh tokens from the refresh token. Rejects with 'refresh-failed' once the session is over. */
  refresh(): Promise<void>;
  /** Revokes the tokens and ends the provider session, which signs every app out (back-channel). */
  logout(): Promise<void>;
  /** Registers a fingerprint key for this person (only in a session begun with the smartcard). */
  beginFidoEnrolment(): Promise<FidoEnrolment>;
  fidoCredentials(): Promise<RegisteredKey[]>;
  removeFidoCredential(id: string): Promise<void>;
}

export type { HostCookie };
