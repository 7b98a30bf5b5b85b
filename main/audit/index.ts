/** The audit log as the rest of Lanyard uses it (docs/audit.md). */
export { FileAuditSink, type FileAuditSinkOptions } from './file-audit-sink.js';
export { verifyAuditLog, type VerifyResult, type VerifyOptions, type AuditProblem } from './verify.js';
export { AuditChain, GENESIS, type ChainHead } from './audit-chain.js';
export { GENESIS_HASH, hashOf, serializeLine, type AuditLine, type AuditLineEventName } from './audit-line.js';
export { orderOldestFirst, rotatedName } from './rotated-files.js';
export { redactEvent, isSecretKey } from './redact.js';
export { SyslogForwarder, type SyslogTarget, type SyslogForwarderOptions, type ForwarderStats } from './syslog/syslog-forwarder.js';
export { formatSyslog, frameOctetCounted } from './syslog/rfc5424.js';
