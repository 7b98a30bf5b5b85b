/** The logger is passed in. `traffic` carries raw APDUs / CTAPHID frames: callers redact PINs
 * before logging, and it is off unless LANYARD_LOG=traffic. */
export type LogLevel = 'traffic' | 'debug' | 'info' | 'warn' | 'error';

export interface Log {
  traffic(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Log;
}
