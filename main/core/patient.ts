/**
 * What the patient banner shows, from a FHIR R4 Patient: name, NHS number (3-3-4, check digit
 * validated), date of birth and age. Pure: the shell's view model is built from this.
 */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Modulus 11 check of a 10-digit NHS number (NHS Data Dictionary): weights 10..2, check = 11 - sum mod 11,
 * 11 → 0, 10 → invalid. */
export function nhsNumberValid(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** "943 476 5919", or undefined when the number is not a valid NHS number. */
export function formatNhsNumber(value: string): string | undefined {
  if (!nhsNumberValid(value)) return undefined;
  const d = value.replace(/\s/g, '');
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

/** Completed years on `today` (both YYYY-MM-DD); undefined for a malformed or future date. */
export function ageInYears(birthDate: string, today: string): number | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!b || !t) return undefined;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (bm < 1 || bm > 12 || bd < 1 || bd > 31) return undefined;
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age < 0 ? undefined : age;
}

export interface PatientBanner {
  id: string;
  name: string;
  /** Formatted 3-3-4; absent when the record carries none. */
  nhsNumber?: string;
  /** The record carries an NHS number that fails its check digit: show a warning, never the number as valid. */
  nhsNumberInvalid?: boolean;
  birthDate?: string;
  age?: number;
}

interface PatientLike {
  resourceType?: unknown;
  id?: unknown;
  name?: unknown;
  identifier?: unknown;
  birthDate?: unknown;
}

/** Banner fields from a Patient resource; undefined if it is not one. NHS style: FAMILY, Given (Title). */
export function patientBanner(resource: unknown, today: string): PatientBanner | undefined {
  const p = resource as PatientLike | null;
  if (typeof p !== 'object' || p === null || p.resourceType !== 'Patient' || typeof p.id !== 'string') return undefined;
  const names = Array.isArray(p.name) ? p.name as { use?: unknown; family?: unknown; given?: unknown; prefix?: unknown }[] : [];
  const n = names.find((x) => x.use === 'official') ?? names[0];
  const family = typeof n?.family === 'string' ? n.family.toUpperCase() : '';
  const given = Array.isArray(n?.given) ? n.given.filter((g): g is string => typeof g === 'string').join(' ') : '';
  const prefix = Array.isArray(n?.prefix) ? n.prefix.filter((g): g is string => typeof g === 'string').join(' ') : '';
  const name = [family, [given, prefix ? `(${prefix})` : ''].filter(Boolean).join(' ')].filter(Boolean).join(', ') || 'Name not recorded';
  const out: PatientBanner = { id: p.id, name };
  const ids = Array.isArray(p.identifier) ? p.identifier as { system?: unknown; value?: unknown }[] : [];
  const nhs = ids.find((i) => i.system === NHS_NUMBER_SYSTEM && typeof i.value === 'string');
  if (nhs && typeof nhs.value === 'string') {
    const formatted = formatNhsNumber(nhs.value);
    if (formatted) out.nhsNumber = formatted; else out.nhsNumberInvalid = true;
  }
  if (typeof p.birthDate === 'string') {
    out.birthDate = p.birthDate;
    const age = ageInYears(p.birthDate, today);
    if (age !== undefined) out.age = age;
  }
  return out;
}
