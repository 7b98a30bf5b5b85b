/** Sessions on a shared workstation (ARCHITECTURE.md "Sessions on a shared workstation"). */
export type SessionState = 'authenticating' | 'choosing-role' | 'active' | 'suspended' | 'ended';
export type AuthMethod = 'smartcard' | 'fido';
export type SuspendReason = 'card-removed' | 'idle' | 'lock' | 'switch-user';
export type EndReason = 'logout' | 'card-removed' | 'suspended-timeout' | 'suspended-limit' | 'auth-failed' | 'cancelled'
  /** The same person signed in again by another credential: their suspended session took over. */
  | 'merged';

export interface UserSession {
  /** Also the browsing partition's name. */
  readonly id: string;
  /** Card UUID or FIDO credential ID: how the same person is recognised on a re-tap. */
  readonly credentialId: string;
  readonly method: AuthMethod;
  readonly state: SessionState;
  /** Known once the identity provider has answered. */
  readonly userId?: string;
  readonly display?: string;
  readonly roleName?: string;
  /** A resume that needs the PIN again (state 'authenticating' with the session's views kept). */
  readonly resuming: boolean;
  readonly startedAt: number;
  readonly suspendedAt?: number;
  readonly suspendReason?: SuspendReason;
}

export interface StationRules {
  onCardRemoval: 'lock' | 'logout';
  /** What pulling a fingerprint key out does to the session it signed in. */
  onKeyRemoval: 'lock' | 'logout' | 'nothing';
  /** 'any-method': a person's suspended session resumes whichever allowed method they sign in with. */
  resumeWith: 'same-method' | 'any-method';
  pinGraceSeconds: number;
  suspendedTimeoutSeconds: number;
  maxSuspendedUsers: number;
}

export type StationEvent =
  | { type: 'credential-presented'; credentialId: string; method: AuthMethod }
  | { type: 'credential-removed'; credentialId: string }
  /** Identity proven (first sign-in: PIN + provider; resume: PIN on the card). */
  | { type: 'authenticated'; sessionId: string; userId: string; display: string }
  | { type: 'role-chosen'; sessionId: string; roleName: string }
  | { type: 'auth-failed'; sessionId: string; reason: string }
  | { type: 'lock' }
  | { type: 'idle-timeout' }
  | { type: 'logout' }
  /** A timer fired: end suspended sessions that are past their time. */
  | { type: 'expire' };

/** What the station asks its surroundings to do, in order. */
export type StationEffect =
  | { type: 'begin-sign-in'; sessionId: string; credentialId: string; method: AuthMethod }
  | { type: 'reauthenticate'; sessionId: string }
  | { type: 'cancel-sign-in'; sessionId: string }
  | { type: 'show'; sessionId: string }
  | { type: 'hide-all' }
  | { type: 'end'; sessionId: string; userId?: string; reason: EndReason }
  | { type: 'schedule-expiry'; at: number }
  | { type: 'audit'; event: string; sessionId: string; userId?: string; reason?: string };
