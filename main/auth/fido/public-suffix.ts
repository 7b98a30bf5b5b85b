/**
 * The Public Suffix List's matching algorithm (https://publicsuffix.org/list/), for the WebAuthn
 * rule that an RP ID may be a registrable domain suffix of the origin's host but never a public
 * suffix ("co.uk", "nhs.uk", "github.io"). Pure: the list's text comes from the caller
 * (system-public-suffix.ts reads Debian's copy).
 */
export interface PublicSuffixes {
  /** The public suffix of an ASCII (punycode) lower-case host name, e.g. "nhs.uk" for "idp.trust.nhs.uk". */
  publicSuffixOf(host: string): string;
}

export class PublicSuffixList implements PublicSuffixes {
  private readonly exact = new Set<string>();
  private readonly wildcards = new Set<string>();
  private readonly exceptions = new Set<string>();

  /** `text`: the list's format, one rule a line, `//` comments; rules already in punycode. */
  constructor(text: string) {
    for (const raw of text.split('\n')) {
      const rule = raw.trim().split(/\s/)[0]?.toLowerCase() ?? '';
      if (!rule || rule.startsWith('//')) continue;
      if (rule.startsWith('!')) this.exceptions.add(rule.slice(1));
      else if (rule.startsWith('*.')) this.wildcards.add(rule.slice(2));
      else this.exact.add(rule);
    }
  }

  get size(): number {
    return this.exact.size + this.wildcards.size + this.exceptions.size;
  }

  publicSuffixOf(host: string): string {
    const labels = host.split('.');
    // From the longest candidate down: the first rule that matches is the prevailing one
    // (an exception is always one label longer than the wildcard it overrides).
    for (let i = 0; i < labels.length; i++) {
      const candidate = labels.slice(i).join('.');
      if (this.exceptions.has(candidate)) return labels.slice(i + 1).join('.');
      if (this.exact.has(candidate)) return candidate;
      if (i + 1 < labels.length && this.wildcards.has(labels.slice(i + 1).join('.'))) return candidate;
    }
    return labels.at(-1) ?? host; // the implicit "*" rule: every TLD is a public suffix
  }
}

/**
 * With no list at all every suffix but the host itself counts as public: an RP ID must then equal
 * the host (fail closed, never "anything that ends the host").
 */
export const NO_PUBLIC_SUFFIX_LIST: PublicSuffixes = {
  publicSuffixOf: (host) => host,
};
