/**
 * RFC 5424 syslog messages for audit lines: APP-NAME `lanyard`, MSGID = the event, the line's fields
 * as structured data (SD-ID `lanyard@32473`, detail under `lanyardDetail@32473`; 32473 is the
 * documentation enterprise number of RFC 5612 — a trust may set its own), and the JSON line itself as
 * the UTF-8 MSG so a collector can verify the hash chain.
 */
import type { AuditLine } from '../audit-line.js';
import type { AuditEventName } from '../../core/ports/audit.js';

export interface SyslogFormat {
  /** RFC 5424 facility; default 10 (security/authorization, "authpriv"). */
  facility?: number;
  enterpriseId?: string;
  procId?: string;
}

const WARNING = 4, NOTICE = 5, INFO = 6;
/** Every event the station records has its severity here, so a new event cannot go unclassified
 * (the compiler asks for it); `audit-log-corrupt` is the sink's own line. */
const SEVERITY: Record<AuditEventName | 'audit-log-corrupt', number> = {
  'auth-failed': WARNING, 'pin-failed': WARNING, 'pin-blocked': WARNING, refused: WARNING, 'policy-invalid': WARNING,
  'keychain-unavailable': WARNING, 'audit-log-corrupt': WARNING, 'preferences-corrupt': WARNING, 'token-refresh-failed': WARNING,
  'auth-succeeded': NOTICE, 'session-ended': NOTICE, logout: NOTICE, 'switched-user': NOTICE, 'idle-timeout': NOTICE,
  'fido-enrolled': NOTICE, 'fido-removed': NOTICE, 'credential-remembered': NOTICE, 'credential-forgotten': NOTICE,
  'card-inserted': INFO, 'card-removed': INFO, 'auth-started': INFO, 'role-selected': INFO, locked: INFO, resumed: INFO,
  suspended: INFO, 'idle-warning': INFO, 'app-opened': INFO, 'policy-loaded': INFO, 'credential-filled': INFO,
};

/** 4 warning, 5 notice, 6 informational (an event from a newer writer: informational). */
export function severityOf(event: string): number {
  return Object.hasOwn(SEVERITY, event) ? SEVERITY[event as keyof typeof SEVERITY] : INFO;
}

/** PRINTUSASCII (33–126), bounded; NILVALUE `-` when nothing is left. */
function printable(value: string, max: number): string {
  const cleaned = value.replace(/[^\x21-\x7e]/g, '-').slice(0, max);
  return cleaned.length > 0 ? cleaned : '-';
}

/** SD-NAME: PRINTUSASCII except '=', ' ', ']', '"', at most 32 characters. */
function sdName(value: string): string {
  return value.replace(/[^\x21-\x7e]|[=\]"]/g, '_').slice(0, 32) || '_';
}

/** PARAM-VALUE escaping: '"', '\' and ']' are backslash-escaped. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

const LINE_PARAMS = ['seq', 'workstation', 'userId', 'role', 'app', 'method', 'reason', 'prev', 'hash'] as const;

export function formatSyslog(line: AuditLine, options: SyslogFormat = {}): string {
  const facility = options.facility ?? 10;
  const pen = options.enterpriseId ?? '32473';
  const pri = facility * 8 + severityOf(line.event);
  const params = LINE_PARAMS.filter((k) => line[k] !== undefined).map((k) => `${k}="${escapeParamValue(String(line[k]))}"`);
  let sd = `[lanyard@${pen} ${params.join(' ')}]`;
  const detail = Object.entries(line.detail ?? {});
  if (detail.length > 0) sd += `[lanyardDetail@${pen} ${detail.map(([k, v]) => `${sdName(k)}="${escapeParamValue(String(v))}"`).join(' ')}]`;
  const header = `<${pri}>1 ${line.time} ${printable(line.workstation, 255)} lanyard ${printable(options.procId ?? '-', 128)} ${printable(line.event, 32)}`;
  return `${header} ${sd} \uFEFF${JSON.stringify(line)}`;
}

/** RFC 6587 octet-counting framing for TCP: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function frameOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
