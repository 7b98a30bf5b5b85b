/** Log port on stderr, one JSON line per entry. `traffic` (raw APDUs/frames) only with
 * LANYARD_LOG=traffic; debug with LANYARD_LOG=debug. Callers never pass PINs or tokens. */
import type { Log, LogLevel } from '../core/ports/log.js';

const ORDER: LogLevel[] = ['traffic', 'debug', 'info', 'warn', 'error'];

export function consoleLog(scope = 'lanyard', level: LogLevel = levelFromEnv(), write: (line: string) => unknown = (line) => process.stderr.write(line)): Log {
  const min = ORDER.indexOf(level);
  const emit = (l: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER.indexOf(l) < min) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: l, scope, message, ...fields })}\n`);
  };
  return {
    traffic: emit('traffic'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'),
    child: (child) => consoleLog(`${scope}.${child}`, level, write),
  };
}

function levelFromEnv(): LogLevel {
  const wanted = process.env['LANYARD_LOG'] as LogLevel | undefined;
  return wanted && ORDER.includes(wanted) ? wanted : 'info';
}
