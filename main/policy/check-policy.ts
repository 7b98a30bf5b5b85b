/**
 * `lanyard --check-policy FILE`, for IT: says whether a policy file would start Lanyard, in
 * sentences, and never throws. Each outcome has its own exit code (sysexits.h where one fits):
 * 0 valid, 2 not valid, 64 no file named, 66 no such file, 74 the file cannot be read.
 * A valid policy also lists the trusted card CAs found in it (subject and expiry), so IT can see
 * at a glance which CA a PC will trust and when it runs out.
 */
import { X509Certificate } from 'node:crypto';
import type { Policy } from '../core/policy/types.js';
import { parsePolicyText } from './parse-policy.js';
import { adviceFor, readPolicyFile } from './read-policy-file.js';

export const CHECK_EXIT = { valid: 0, invalid: 2, usage: 64, missing: 66, unreadable: 74 } as const;

export interface CheckOutput { out(text: string): void; err(text: string): void }

export async function checkPolicyCommand(file: string | undefined, io: CheckOutput): Promise<number> {
  try {
    if (!file) {
      io.err('Name the policy file to check: lanyard --check-policy FILE\n');
      return CHECK_EXIT.usage;
    }
    const read = await readPolicyFile(file);
    if (read.kind === 'missing') {
      io.err(`There is no file at ${file}. Check the file name and folder.\n`);
      return CHECK_EXIT.missing;
    }
    if (read.kind === 'unreadable') {
      io.err(`${file} cannot be read (${read.error}). ${adviceFor(read.code)}\n`);
      return CHECK_EXIT.unreadable;
    }
    const parsed = parsePolicyText(file, read.text);
    if (parsed.kind === 'invalid') {
      io.err([`The policy in ${file} is not valid, so Lanyard would not start with it:`,
        ...parsed.problems.map((p) => `  - ${p.path}: ${p.message}`), ''].join('\n'));
      return CHECK_EXIT.invalid;
    }
    io.out(`Policy ${file} is valid: ${parsed.policy.apps.length} apps, station "${parsed.policy.station.name}".\n${describeCas(parsed.policy)}`);
    return CHECK_EXIT.valid;
  } catch (error) {
    io.err(`The policy check itself failed (${String(error)}). Tell the Lanyard team: this is a bug.\n`);
    return CHECK_EXIT.unreadable;
  }
}

/** One line per trusted card CA: its subject and when it expires (or why it cannot be read). */
export function describeCas(policy: Policy): string {
  const lines = policy.trustedCardCAs.map((pem, i) => {
    try {
      const cert = new X509Certificate(pem);
      const expires = new Date(cert.validTo);
      const expired = expires.getTime() < Date.now() ? ' (EXPIRED)' : '';
      return `  - ${cert.subject.replace(/\n/g, ', ')}; expires ${expires.toISOString().slice(0, 10)}${expired}`;
    } catch {
      return `  - trustedCardCAs[${i}]: not a certificate that can be read`;
    }
  });
  return `Trusted card CAs (${lines.length}):\n${lines.join('\n')}\n`;
}
