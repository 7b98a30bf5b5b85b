/** A Log that keeps every line, for asserting what was (and was not) logged. */
import type { Log } from '../../../main/core/ports/log.js';

export interface CapturedLine { level: string; scope: string; message: string; fields?: Record<string, unknown> }

export function captureLog(lines: CapturedLine[] = [], scope = ''): Log & { lines: CapturedLine[] } {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, scope, message, ...(fields ? { fields } : {}) });
  };
  return {
    lines,
    traffic: at('traffic'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'),
    child: (s: string) => captureLog(lines, scope ? `${scope}.${s}` : s),
  };
}
