/**
 * Where `--check-policy` is on a command line, shared by both entries (main/cli.ts and the Electron
 * entry) so IT gets the same answer from either. It is looked up before any other parsing: with no
 * file after it, a strict option parser would throw instead of saying "name the file".
 */

/** null: not asked for. Otherwise the file named (`--check-policy FILE` or `--check-policy=FILE`),
 * or undefined when none is (`--check-policy`, `--check-policy --headless`, `--check-policy=`). */
export function checkPolicyArgument(argv: readonly string[]): { file: string | undefined } | null {
  const at = argv.findIndex((a) => a === '--check-policy' || a.startsWith('--check-policy='));
  if (at === -1) return null;
  const arg = argv[at]!;
  if (arg.includes('=')) return { file: arg.slice(arg.indexOf('=') + 1) || undefined };
  const next = argv[at + 1];
  return { file: next !== undefined && !next.startsWith('--') ? next : undefined };
}
