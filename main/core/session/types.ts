/** Sessions on a shared workstation (ARCHITECTURE.md "Sessions on a shared workstation"). */
import type { AuditEventName } from '../ports/audit.js';
import type { AuthMethod, CredentialBinding, ResumeProof } from './binding.js';

export type { AuthMethod, CredentialBinding, ResumeProof } from './binding.js';
export type SessionState = 'authenticating' | 'choosing-role' | 'active' | 'suspended' | 'ended';
export type SuspendReason = 'card-removed' | 'idle' | 'lock' | 'switch-user';
export type EndReason = 'logout' | 'card-removed' | 'suspended-timeout' | 'suspended-limit' | 'auth-failed' | 'cancelled'
  /** The same person signed in again by another credential: their suspended session took over. */
  | 'merged'
  | 'shutdown';

export interface UserSession {
  /** Also the browsing partition's name. */
  readonly id: string;
  /** The credential the session began with: who may resume it (binding.ts). */
  readonly binding: CredentialBinding;
  readonly method: AuthMethod;
  /** credentialKey() of what brought the session to the front when that was another credential of
   * the same person (a key resuming a card session): pulling it locks, as pulling the card would. */
  readonly presentedWith?: string;
  readonly state: SessionState;
  /** Known once the identity provider has answered. */
  readonly userId?: string;
  readonly display?: string;
  readonly roleName?: string;
  /** A resume under way (state 'authenticating' with the session's views kept). */
  readonly resuming: boolean;
  readonly startedAt: number;
  readonly suspendedAt?: number;
  /** When a suspended session ends by itself (suspendedAt + the policy's timeout). */
  readonly deadline?: number;
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
  | { type: 'credential-presented'; credential: CredentialBinding }
  /** `key` is credentialKey() of the credential that left. */
  | { type: 'credential-removed'; key: string }
  /** Identity proven (first sign-in: PIN + provider; resume: the proof the station asked for). */
  | { type: 'authenticated'; sessionId: string; userId: string; display: string }
  | { type: 'role-chosen'; sessionId: string; roleName: string }
  | { type: 'auth-failed'; sessionId: string; reason: string }
  | { type: 'lock' }
  | { type: 'idle-timeout' }
  | { type: 'logout' }
  /** A timer fired: end suspended sessions that are past their deadline. */
  | { type: 'expire' }
  /** Lanyard is quitting: every session ends (tokens revoked, partitions cleared). */
  | { type: 'shutdown' };

/** What the station asks its surroundings to do, in order. */
export type StationEffect =
  | { type: 'begin-sign-in'; sessionId: string; credential: CredentialBinding }
  | { type: 'reauthenticate'; sessionId: string; proof: Exclude<ResumeProof, 'verified'> }
  /** Abort the attempt in flight for this session and release what it obtained. */
  | { type: 'cancel-sign-in'; sessionId: string }
  | { type: 'show'; sessionId: string }
  | { type: 'hide-all' }
  | { type: 'end'; sessionId: string; userId?: string; reason: EndReason }
  /** A credential claimed a suspended session it does not match: nothing changed. */
  | { type: 'refused'; sessionId: string; reason: 'certificate-mismatch' }
  | { type: 'audit'; event: AuditEventName; sessionId: string; userId?: string; role?: string; method: AuthMethod; reason?: string };
