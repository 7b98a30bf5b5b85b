/** A Log that keeps its lines as JSON text, so tests can check what was (and was not) logged. */
import type { Log } from '../../../main/core/ports/log.js';

export function memoryLog(lines: string[] = []): Log & { lines: string[] } {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => { lines.push(JSON.stringify({ level, message, ...fields })); };
  return {
    lines,
    traffic: write('traffic'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'),
    child: () => memoryLog(lines),
  };
}
