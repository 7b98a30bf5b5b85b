/**
 * `lanyard --check-policy FILE`, for IT: says whether a policy file would start Lanyard, in
 * sentences, and never throws. Each outcome has its own exit code (sysexits.h where one fits):
 * 0 valid, 2 not valid, 64 no file named, 66 no such file, 74 the file cannot be read.
 * A valid policy also lists the trusted card CAs and the provider's server CAs found in it
 * (subject and expiry), so IT can see at a glance which CA a PC will trust and when it runs out.
 */
import type { Policy } from '../core/policy/types.js';
import { caLists, readCertificate } from './certificate-checks.js';
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
    io.out(`Policy ${file} is valid: ${count(parsed.policy.apps.length, 'app')}, station "${parsed.policy.station.name}".\n${describeCas(parsed.policy)}`);
    return CHECK_EXIT.valid;
  } catch (error) {
    io.err(`The policy check itself failed (${String(error)}). Tell the Lanyard team: this is a bug.\n`);
    return CHECK_EXIT.unreadable;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Per CA list (card CAs, and the provider's server CAs when set), one line per CA: its subject
 * and when it expires. Only valid policies get here, so every entry is a certificate. */
export function describeCas(policy: Policy): string {
  return caLists(policy).map(({ heading, pems }) => {
    const lines = pems.map((pem) => {
      const cert = readCertificate(pem);
      if (typeof cert === 'string') return `  - ${cert}`;
      const expires = new Date(cert.validTo);
      const expired = expires.getTime() < Date.now() ? ' (EXPIRED)' : '';
      return `  - ${cert.subject.replace(/\n/g, ', ')}; expires ${expires.toISOString().slice(0, 10)}${expired}`;
    });
    return `${heading} (${lines.length}):\n${lines.join('\n')}\n`;
  }).join('');
}
