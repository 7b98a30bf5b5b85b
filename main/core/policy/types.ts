/** Machine policy: one document steers every setting. The JSON schema beside this file is the
 * source of truth for validation; these types mirror it. */
import type { TextSize } from '../ports/preferences.js';

export type SignInKind = 'oidc' | 'form' | 'none';

export interface FormSignIn {
  loginUrl: string;
  usernameSelector: string;
  passwordSelector: string;
  submitSelector: string;
  /** The username this app is expected to use for the session's person, as a template over the
   * session's identity ("{givenInitial}{familyName}", "{claim:preferred_username}"); a typed
   * sign-in with another username is never remembered or filled (docs/keychain.md). */
  username?: string;
  /** Without `username` (and no account IT provisioned): offer Remember with a caution that the
   * account is not checked. Absent: false (no such offer). */
  offerUnverified?: boolean;
}

export interface AppPolicy {
  id: string;
  name: string;
  url: string;
  allowedOrigins: string[];
  signIn: SignInKind;
  /** NRBAC role codes that see this app; absent = every role. */
  roles?: string[];
  form?: FormSignIn;
}

export interface SessionPolicy {
  onCardRemoval: 'lock' | 'logout';
  /** Pulling the fingerprint key that signed a session in. */
  onKeyRemoval: 'lock' | 'logout' | 'nothing';
  /** Whether a suspended session resumes by any allowed method, or only the one it began with. */
  resumeWith: 'same-method' | 'any-method';
  /** A re-tap within this many seconds of locking resumes without a PIN. 0 = always ask. */
  pinGraceSeconds: number;
  idleTimeoutSeconds: number;
  idleWarningSeconds: number;
  /** How long a suspended session is kept before it is ended. */
  suspendedTimeoutSeconds: number;
  maxSuspendedUsers: number;
  lockScreenShows: 'initials' | 'name';
  /** The shell's tokens could not be renewed (revoked, provider down): lock and ask for the card
   * again, or keep working on the apps' own sign-ins (docs/policy.md). */
  onRefreshFailure: 'lock' | 'keep-working';
}

/** Patient context shared across apps (FHIRcast, docs/context.md). */
export interface ContextPolicy {
  enabled: boolean;
  /** Ids of the apps (from `apps`) that get hub.url/hub.topic and may subscribe. */
  apps?: string[];
  /** An app that has not acknowledged a context change by then is shown as not following. */
  ackTimeoutSeconds: number;
  /** false: apps follow the context but only the shell (or no one) changes it. */
  appsMayChangeContext: boolean;
}

/** `reference`: the reference provider's own card exchange (demo, tests). `standard`: any OpenID
 * Connect provider, the card proven by TLS client certificate at its certificate endpoint. */
export type IdentityProviderProfile = 'reference' | 'standard';

export interface IdentityProviderPolicy {
  issuer: string;
  clientId: string;
  profile: IdentityProviderProfile;
  /** Standard profile: host[:port] whose TLS handshake asks for the card's certificate. */
  certificateHost?: string;
  /** Standard profile: acr_values sent with the authorization request. */
  acrValues?: string;
  /** Standard profile: space-separated scopes, starting with openid (default `openid profile`). */
  scopes?: string;
  /** Standard profile: a card sign-in's login_hint from the card certificate's UPN or email SAN, for
   * providers that ask who is signing in before the certificate (Entra ID); not set, none is sent. */
  cardLoginHint?: 'upn' | 'email';
  /** Standard profile: PEM roots for the provider's TLS server certificates, in place of the
   * system's (a trust's own CA); not set, the system's roots. */
  serverCAs?: string[];
  /** Standard profile: the ID token claims that carry the user ID, name and roles (CIS2 names by default). */
  claims: { userId: string; name: string; roles: string };
}

/** User preferences that policy fixes: a field present here is fixed for every user; absent, each user chooses. */
export interface PreferencesPolicy {
  textSize?: TextSize;
  highContrast?: boolean;
  /** `as-listed`: tabs keep the order of `apps`; users cannot move them. */
  tabOrder?: 'as-listed';
}

export interface Policy {
  version: 1;
  station: { name: string };
  identityProvider: IdentityProviderPolicy;
  /** PEM certificates of the CAs that issue staff cards. */
  trustedCardCAs: string[];
  authenticators: { smartcard: boolean; fido: boolean };
  apps: AppPolicy[];
  session: SessionPolicy;
  context: ContextPolicy;
  preferences: PreferencesPolicy;
  audit: {
    file?: string;
    /** Folder of the checkpoint signing key and head record; never the audit file's folder. */
    keyDir?: string;
    maxBytes: number;
    syslog?: { host: string; port: number; protocol: 'udp' | 'tcp' };
  };
}
