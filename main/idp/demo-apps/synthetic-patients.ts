/**
 * SYNTHETIC patients for the demo apps: FHIR R4 Patient resources, invented people with NHS numbers
 * from the range NHS England reserves for testing (999 000 0000–999 999 9999, never issued to a
 * person), each with a valid modulus-11 check digit. Nothing here is, or is derived from, real data.
 */
import { NHS_NUMBER_SYSTEM } from '../../core/patient.js';

export interface SyntheticPatient {
  resourceType: 'Patient';
  id: string;
  meta: { tag: { system: string; code: string; display: string }[] };
  identifier: { system: string; value: string }[];
  name: { use: 'official'; family: string; given: string[]; prefix?: string[] }[];
  gender: 'male' | 'female' | 'other' | 'unknown';
  birthDate: string;
}

/** HL7's "synthetic data" tag, so no system that sees one of these mistakes it for a real record. */
const SYNTHETIC_TAG = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'HTEST', display: 'test health data' };

function patient(id: string, nhs: string, family: string, given: string[], gender: SyntheticPatient['gender'], birthDate: string, prefix?: string): SyntheticPatient {
  return {
    resourceType: 'Patient', id, meta: { tag: [SYNTHETIC_TAG] },
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs }],
    name: [{ use: 'official', family, given, ...(prefix ? { prefix: [prefix] } : {}) }],
    gender, birthDate,
  };
}

export const SYNTHETIC_PATIENTS: readonly SyntheticPatient[] = [
  patient('syn-0001', '9990000018', 'Testpatient', ['Alice'], 'female', '1948-03-14', 'Mrs'),
  patient('syn-0002', '9991234578', 'Samplesson', ['Bob', 'Arthur'], 'male', '1962-11-02', 'Mr'),
  patient('syn-0003', '9992345675', 'Fictional', ['Chloe'], 'female', '1987-07-21', 'Ms'),
  patient('syn-0004', '9993456780', 'Madeup', ['Dev'], 'male', '2015-01-30'),
  patient('syn-0005', '9994567896', 'Notreal', ['Eleanor', 'May'], 'female', '1935-09-09', 'Miss'),
  patient('syn-0006', '9995678918', 'Placeholder', ['Farid'], 'male', '1979-05-17', 'Mr'),
];

/** What each demo app holds about each synthetic patient (its "own list for that patient"). */
const ITEMS: Readonly<Record<string, readonly string[]>> = {
  'prescribing': ['Amoxicillin 500 mg three times a day, 5 days', 'Paracetamol 1 g up to four times a day', 'Ramipril 2.5 mg once a day', 'Salbutamol inhaler as needed', 'Metformin 500 mg twice a day', 'Atorvastatin 20 mg at night'],
  'referrals': ['Cardiology outpatients (routine)', 'Physiotherapy (urgent)', 'Dermatology (two-week wait)', 'Paediatrics (routine)', 'Falls clinic (routine)', 'Ophthalmology (routine)'],
  'patient-record': ['Hypertension (2019)', 'Asthma (childhood)', 'Type 2 diabetes (2021)', 'Fractured wrist (2023)', 'Atrial fibrillation (2018)', 'Hay fever'],
};

/** Two items of `appId` for the patient: a fixed, different pair per patient so a switch is visible. */
export function itemsFor(appId: string, patientId: string): string[] {
  const list = ITEMS[appId] ?? [];
  const i = SYNTHETIC_PATIENTS.findIndex((p) => p.id === patientId);
  if (i < 0 || list.length === 0) return [];
  return [list[i % list.length]!, list[(i + 3) % list.length]!];
}
