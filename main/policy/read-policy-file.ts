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
    return { kind: 'text', text: await readFile(file, 'utf8') };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', code, error: describeError(cause) };
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
    default: return 'Ask IT to check the file.';
  }
}
