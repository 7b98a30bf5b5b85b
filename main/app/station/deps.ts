/** What a station is built from: the composition root (main/app/compose.ts) passes the real
 * adapters; unit tests pass fakes with the same shapes. */
import type { AuditSink } from '../../core/ports/audit.js';
import type { Host } from '../../core/ports/host.js';
import type { Clock } from '../../core/ports/clock.js';
import type { Log } from '../../core/ports/log.js';
import type { Policy } from '../../core/policy/types.js';
import type { Preferences } from '../../core/ports/preferences.js';
import type { ShellCommand, ShellMessage } from '../../core/shell-view.js';
import type { StationRules } from '../../core/session/types.js';
import type { IdentityGateway } from '../sign-in-types.js';
import type { CardWatcher } from '../card-watcher.js';
import type { FidoKeys } from '../fido-keys.js';
import type { AppCredentials } from '../legacy-logins.js';
import type { ContextSource } from './patient-context-link.js';

export interface SecretStore extends AppCredentials {
  forgetUser(userId: string): Promise<unknown>;
}

/** Demo mode's controls (software cards to tap and pull, a virtual key to touch), wired at the
 * composition root; a product station has none. */
export interface DemoControls {
  /** Takes a demo command (tap, pull, touch); false for anything else. */
  command(command: ShellCommand): boolean;
  cards(): { id: string; label: string; inserted: boolean }[];
  keys(): { id: string; label: string }[];
  /** The virtual key is "touched" for the person enrolling it. */
  touchKeys(): void;
  /** Legacy sign-ins the demo's IT has set up for a user (others learn theirs by hand). */
  provisionedAccounts(userId: string): { appId: string; username: string; password: string }[];
}

/** The card side as the station sees it (CardWatcher; a fake in unit tests). */
export type CardSource = Pick<CardWatcher, 'subscribe' | 'start' | 'present' | 'close'> & Partial<Pick<CardWatcher, 'inReader'>>;
/** Fingerprint keys as the station sees them (FidoKeys; a fake in unit tests). */
export type KeySource = Pick<FidoKeys, 'start' | 'present' | 'authenticate' | 'register' | 'close'> & Partial<Pick<FidoKeys, 'pageCeremony'>>;

export interface StationDeps {
  policy: Policy;
  host: Host;
  cards: CardSource;
  identity: IdentityGateway;
  audit: AuditSink;
  clock: Clock;
  log: Log;
  secrets?: SecretStore;
  /** Said on the lock screen from the start (e.g. the keychain does not work). */
  notice?: ShellMessage;
  /** Fingerprint keys (policy allows FIDO). */
  fido?: KeySource;
  demo?: DemoControls;
  /** Patient context (policy `context.enabled`): the sessions' FHIRcast topics. */
  context?: ContextSource;
  /** Each user's text size, contrast, last role and tab order (main/app/preferences-store.ts). */
  preferences?: Preferences;
}

export function stationRules(policy: Policy): StationRules {
  const s = policy.session;
  return {
    onCardRemoval: s.onCardRemoval, onKeyRemoval: s.onKeyRemoval, resumeWith: s.resumeWith, pinGraceSeconds: s.pinGraceSeconds,
    suspendedTimeoutSeconds: s.suspendedTimeoutSeconds, maxSuspendedUsers: s.maxSuspendedUsers,
  };
}
