/** The demo trust's apps. Role codes are NHS national RBAC codes. */
import type { OidcAppDefinition } from './oidc-app.js';

/** Roles that may prescribe in the demo: Clinical Practitioner, Nurse, Health Professional. */
export const CLINICAL_ROLE_CODES = ['R8000', 'R8001', 'R8003'];

export const DEMO_OIDC_APPS: readonly OidcAppDefinition[] = [
  { id: 'patient-record', name: 'Patient Record', tagline: 'Demographics, problems, results and letters.', context: true },
  {
    id: 'prescribing', name: 'Prescribing', tagline: 'Inpatient and outpatient prescribing.',
    roleCodes: CLINICAL_ROLE_CODES,
    refusal: 'Prescribing is open to clinical roles only. If you need it, ask your Registration Authority to add a clinical role to your card.',
    context: true,
  },
  { id: 'referrals', name: 'Referrals', tagline: 'Send and track referrals to other services.', context: true },
];
