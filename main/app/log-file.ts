/**
 * The log in the data folder, rotated by size, so an installed Lanyard's logs survive (a packaged
 * Windows app's stderr goes nowhere). A line writer for consoleLog's `write`:
 *   const file = openLogFile(join(dataDir, LOG_FILE_NAME));
 *   consoleLog('lanyard', undefined, (line) => { process.stderr.write(line); file.write(line); });
 * Writes are synchronous appends (a log line must not be lost when the process dies next); a log
 * file that cannot be written never stops Lanyard: the first failure is reported once on stderr.
 */
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { rotate } from '../audit/rotated-files.js';

export const LOG_FILE_NAME = 'lanyard.log';

export interface LogFileOptions {
  /** Rotate when the file would pass this size (bytes). */
  maxBytes?: number;
  /** Rotated files kept: lanyard.log.1 (newest) … lanyard.log.N. */
  keep?: number;
  onError?: (error: unknown) => void;
}

export interface LogFile { readonly path: string; write(line: string): void }

export function openLogFile(path: string, options: LogFileOptions = {}): LogFile {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const onError = options.onError ?? ((error) => process.stderr.write(`lanyard: log file ${path} not writable: ${String(error)}\n`));
  let size = -1;
  let failed = false;
  return {
    path,
    write(line) {
      try {
        if (size < 0) {
          mkdirSync(dirname(path), { recursive: true });
          size = (() => { try { return statSync(path).size; } catch { return 0; } })();
        }
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) { rotate(path, keep); size = 0; }
        appendFileSync(path, line, { mode: 0o600 });
        size += bytes;
        failed = false;
      } catch (error) {
        if (!failed) onError(error);
        failed = true;
        size = -1;
      }
    },
  };
}
