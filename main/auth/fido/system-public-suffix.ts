/**
 * The machine's copy of the Public Suffix List (Debian's `publicsuffix` package, which libpsl
 * needs, so it is on every Debian workstation with curl or wget). Missing or unreadable: no list,
 * and RP IDs must equal the page's host (NO_PUBLIC_SUFFIX_LIST).
 */
import { readFileSync } from 'node:fs';
import { NO_PUBLIC_SUFFIX_LIST, PublicSuffixList, type PublicSuffixes } from './public-suffix.js';

export const DEBIAN_PUBLIC_SUFFIX_LIST = '/usr/share/publicsuffix/public_suffix_list.dat';

let cached: PublicSuffixes | undefined;

export function systemPublicSuffixes(path = DEBIAN_PUBLIC_SUFFIX_LIST): PublicSuffixes {
  if (path !== DEBIAN_PUBLIC_SUFFIX_LIST) return read(path);
  cached ??= read(path);
  return cached;
}

function read(path: string): PublicSuffixes {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return NO_PUBLIC_SUFFIX_LIST;
  }
  const list = new PublicSuffixList(text);
  return list.size > 0 ? list : NO_PUBLIC_SUFFIX_LIST;
}
