/**
 * npm run audit -- verify [--complete] [--key-dir DIR | --public-key FILE] FILE [FILE…]
 *     verifies the chain (files in any order: rotated ones are sorted oldest first); exits 0 when
 *     intact, 1 otherwise. --complete: the files are the whole history, so line 1 must start the chain.
 *     --public-key FILE: every checkpoint must be signed by this key (audit-key.pub.pem), and one must exist.
 *     --key-dir DIR: the workstation's key folder: its public key, and its record of the last line
 *     written (audit-head.json), so lines cut from the end are found too.
 * npm run audit -- tail FILE [-n N]      prints the last N lines readably
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderOldestFirst } from './rotated-files.js';
import { verifyAuditLog, type VerifyOptions } from './verify.js';
import { loadPublicKey, PUBLIC_KEY_FILE } from './checkpoint-key.js';
import { HEAD_FILE, readHead } from './head-file.js';

const USAGE = 'usage: npm run audit -- verify [--complete] [--key-dir DIR | --public-key FILE] FILE [FILE…]\n       npm run audit -- tail FILE [-n LINES]';

class UsageError extends Error {}

function verifyOptions(args: string[]): { files: string[]; options: VerifyOptions } {
  const options: VerifyOptions = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => { const v = args[++i]; if (!v) throw new UsageError(`${arg} needs a value`); return v; };
    if (arg === '--complete') options.fromGenesis = true;
    else if (arg === '--public-key') options.publicKey = loadPublicKey(value());
    else if (arg === '--key-dir') {
      const dir = value();
      options.publicKey = loadPublicKey(join(dir, PUBLIC_KEY_FILE));
      const head = readHead(join(dir, HEAD_FILE));
      // Fail closed: a key folder without its head record cannot vouch for the end of the log.
      if (head.kind !== 'ok') throw new Error(`${join(dir, HEAD_FILE)} is ${head.kind === 'none' ? 'missing' : 'damaged'}: the end of the log cannot be checked`);
      options.head = head.head;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('no file given');
  return { files, options };
}

function verify(args: string[]): number {
  let parsed: ReturnType<typeof verifyOptions>;
  try {
    parsed = verifyOptions(args);
  } catch (error) {
    if (error instanceof UsageError) { console.error(`${error.message}\n${USAGE}`); return 2; }
    console.log(`CANNOT VERIFY: ${(error as Error).message}`);
    return 1;
  }
  const result = verifyAuditLog(orderOldestFirst(parsed.files), parsed.options);
  if (!result.ok && result.line === 0) {
    console.log(`CANNOT VERIFY: ${result.file}: ${result.message}`);
    return 1;
  }
  if (!result.ok) {
    console.log(`TAMPERED or DAMAGED: ${result.file}, line ${result.line}: ${result.problem}`);
    console.log(`  ${result.message}`);
    return 1;
  }
  const range = result.firstSeq === null ? 'no events' : `events ${result.firstSeq}–${result.lastSeq}`;
  console.log(`OK: ${result.lines} lines in ${result.files.length} file(s) verified (${range}).`);
  for (const f of result.files) console.log(`  ${f.file}: ${f.lines} lines`);
  if (!result.startsAtGenesis) {
    console.log('  Note: the oldest file continues a chain whose earlier lines are not here (rotated away, or cut off).');
  }
  if (result.keyId) {
    console.log(`  ${result.checkpoints} checkpoint(s) signed by key ${result.keyId}; ${result.afterLastCheckpoint} line(s) after the last one are only hash-chained.`);
    if (parsed.options.head) console.log(`  The log ends where Lanyard last wrote it (seq ${parsed.options.head.seq}).`);
  } else {
    console.log('  Checkpoints not checked: pass --key-dir DIR or --public-key FILE to detect a rewritten or shortened log.');
  }
  if (result.damageRecorded.length > 0) {
    console.log(`  Warning: the log recorded damage it found at start-up (audit-log-corrupt at seq ${result.damageRecorded.join(', ')}).`);
  }
  console.log(`  Last hash: ${result.lastHash ?? '-'} (compare with the collector's copy to detect lines removed from the end).`);
  return 0;
}

function tail(path: string, count: number): number {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-count);
  for (const text of lines) {
    try {
      const l = JSON.parse(text) as Record<string, unknown>;
      const who = [l.userId, l.role].filter(Boolean).join(' as ');
      const extra = [l.app && `app=${String(l.app)}`, l.method && `method=${String(l.method)}`, l.reason && `reason=${JSON.stringify(l.reason)}`, l.detail && JSON.stringify(l.detail)].filter(Boolean).join(' ');
      console.log(`${String(l.seq).padStart(6)} ${String(l.time)} ${String(l.event).padEnd(20)} ${who} ${extra}`.trimEnd());
    } catch {
      console.log(`       (not an audit line) ${text.slice(0, 120)}`);
    }
  }
  return 0;
}

function main(args: string[]): number {
  const [command, ...rest] = args;
  if (command === 'verify') return verify(rest);
  if (command === 'tail' && rest[0]) {
    const n = rest.indexOf('-n');
    return tail(rest[0], n >= 0 ? Number(rest[n + 1] ?? 20) || 20 : 20);
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`audit: ${(error as Error).message}`);
  process.exitCode = 1;
}
