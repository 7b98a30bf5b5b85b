/**
 * Whose account a form app's sign-in is. A username typed into a legacy app's login form proves
 * nothing about who typed it: a clinician may be signed in with a colleague's account left on the
 * screen, or type someone else's. Lanyard remembers (and refills) a form sign-in only when the
 * username is the session's own, as policy (`apps[].form.username`, a template over the session's
 * identity) or IT's provisioning says it should be. Pure.
 */

/** What the session knows about its person: the shell's signed-in user and its ID token's claims. */
export interface AccountIdentity {
  userId: string;
  /** Display name, e.g. "Dr Asha Patel". */
  name: string;
  claims: Readonly<Record<string, unknown>>;
}

/** How a username compares with the one expected for the person. */
export type AccountVerdict =
  /** The username is the person's own (policy's template or IT's provisioned account says so). */
  | { kind: 'verified' }
  /** Nothing says which account is the person's, and policy allows remembering it anyway. */
  | { kind: 'unverified' }
  /** The username is not the person's: someone else's account. */
  | { kind: 'not-yours' }
  /** Lanyard cannot tell whose it is (the template needs a claim this session lacks, or policy
   * allows no unverified sign-ins). */
  | { kind: 'cannot-check' };

export interface AccountRules {
  /** `apps[].form.username`: absent when policy does not say. */
  template?: string | undefined;
  /** The username IT provisioned for this person in this app, if any. */
  provisioned?: string | undefined;
  /** `apps[].form.offerUnverified`: absent means false. */
  offerUnverified?: boolean | undefined;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const TITLES = /^(Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Sir|Dame)\.?\s+/i;

/** Same username as a login form sees it: surrounding spaces and letter case do not count
 * (canonically equivalent Unicode is the same text; compatibility look-alikes are not). */
export function sameUsername(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

function normalise(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

/** The template's value for this person, or undefined when a placeholder has no value for them. */
export function expectedUsername(template: string, who: AccountIdentity): string | undefined {
  let missing = false;
  const value = template.replace(PLACEHOLDER, (_, name: string) => {
    const part = placeholderValue(name, who);
    if (part === undefined) missing = true;
    return part ?? '';
  });
  return missing || !value.trim() ? undefined : value;
}

function placeholderValue(name: string, who: AccountIdentity): string | undefined {
  if (name.startsWith('claim:')) {
    const claim = who.claims[name.slice('claim:'.length)];
    return typeof claim === 'string' && claim.trim() ? claim.trim() : undefined;
  }
  const words = who.name.trim().replace(TITLES, '').split(/\s+/).filter(Boolean);
  const given = words.length > 1 ? words[0] : undefined;
  switch (name) {
    case 'userId': return who.userId || undefined;
    case 'name': return who.name.trim() || undefined;
    case 'givenName': return given;
    case 'givenInitial': return given === undefined ? undefined : Array.from(given)[0];
    case 'familyName': return words.length > 1 ? words[words.length - 1] : undefined;
    default: return undefined; // the schema admits no other placeholder
  }
}

/** Whether `username` may be remembered (and later filled) for this person. */
export function judgeAccount(rules: AccountRules, who: AccountIdentity, username: string): AccountVerdict {
  const expected = [rules.provisioned, rules.template === undefined ? undefined : expectedUsername(rules.template, who)]
    .filter((u): u is string => u !== undefined);
  if (expected.some((u) => sameUsername(u, username))) return { kind: 'verified' };
  if (expected.length) return { kind: 'not-yours' };
  if (rules.template !== undefined || !rules.offerUnverified) return { kind: 'cannot-check' };
  return { kind: 'unverified' };
}

/** A saved sign-in is filled only when it would be remembered today: never another person's. */
export function mayFill(verdict: AccountVerdict): boolean {
  return verdict.kind === 'verified' || verdict.kind === 'unverified';
}
