/**
 * Reads a policy file and says precisely why when it cannot. Only "no such file" (ENOENT) may mean
 * "no policy here"; every other error (permissions, a folder in its place, a symlink loop, an I/O
 * error) is a failure the caller must stop on: treating it as "no policy" is how an unreadable
 * machine policy once started demo mode on a clinical PC.
 */
import { readFile } from 'node:fs/promises';

export type PolicyFileRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'unreadable'; code: string; error: string };

export async function readPolicyFile(file: string): Promise<PolicyFileRead> {
  try {
    return decodePolicyBytes(await readFile(file));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', code, error: describeError(cause) };
  }
}

/**
 * The file's text. Windows tools save JSON as UTF-8 with a byte order mark (Notepad) or as UTF-16
 * (Windows PowerShell's Out-File and `>`), so a BOM picks the encoding; without one the file must be
 * UTF-8. Bytes that are not (a file saved as Windows-1252, say) are refused rather than read as
 * U+FFFD: a station name or selector would silently change.
 */
export function decodePolicyBytes(bytes: Uint8Array): PolicyFileRead {
  const [a, b] = bytes;
  const encoding = a === 0xff && b === 0xfe ? 'utf-16le' : a === 0xfe && b === 0xff ? 'utf-16be' : 'utf-8';
  try {
    // The decoder drops the BOM it recognised (ignoreBOM false).
    return { kind: 'text', text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'unreadable', code: 'EILSEQ', error: encoding === 'utf-8' ? 'it is not UTF-8 text' : `it is not ${encoding.toUpperCase()} text` };
  }
}

/** "EACCES: permission denied" from Node's "EACCES: permission denied, open '/etc/…'" (the path is
 * named by the caller's message already). */
export function describeError(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return /^([A-Z][A-Z0-9_]+: [^,]+)/.exec(message)?.[1] ?? message;
}

/** What IT should do next for a read error. */
export function adviceFor(code: string): string {
  switch (code) {
    case 'EACCES': case 'EPERM': return "Ask IT to check the file's permissions.";
    case 'EISDIR': return 'It is a folder, not a file: ask IT to put the policy file there.';
    case 'EILSEQ': return 'Save it again as UTF-8 (in Notepad: Save as, Encoding UTF-8).';
    default: return 'Ask IT to check the file.';
  }
}
