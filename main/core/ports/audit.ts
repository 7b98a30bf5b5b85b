/** AuditSink: append-only record of who did what on this workstation. Never a PIN or a token. */
export type AuditEventName =
  | 'card-inserted' | 'card-removed'
  | 'auth-started' | 'auth-succeeded' | 'auth-failed' | 'pin-failed' | 'pin-blocked'
  | 'role-selected' | 'locked' | 'resumed' | 'suspended' | 'switched-user'
  | 'idle-warning' | 'idle-timeout' | 'session-ended' | 'logout'
  | 'app-opened' | 'refused' | 'policy-loaded' | 'policy-invalid' | 'keychain-unavailable'
  | 'fido-enrolled' | 'fido-removed' | 'credential-remembered' | 'credential-filled' | 'credential-forgotten'
  | 'token-refresh-failed' | 'preferences-corrupt';

export interface AuditEvent {
  event: AuditEventName;
  userId?: string;
  role?: string;
  app?: string;
  reason?: string;
  method?: 'smartcard' | 'fido';
  detail?: Record<string, string | number | boolean>;
}

export interface AuditSink {
  record(event: AuditEvent): void;
}
