/** Every fuzz target, by name. */
import type { FuzzTarget } from '../engine.js';
import { auditTarget } from './audit.js';
import { cardCertificateTarget } from './card-certificate.js';
import { ctap2Target } from './ctap2.js';
import { ctaphidTarget } from './ctaphid.js';
import { pivCardTarget } from './piv-card.js';
import { pivTlvTarget } from './piv-tlv.js';
import { policyTarget } from './policy.js';
import { webauthnTarget } from './webauthn.js';

export const TARGETS: readonly FuzzTarget[] = [
  pivTlvTarget, pivCardTarget, cardCertificateTarget, ctaphidTarget, ctap2Target, webauthnTarget, policyTarget, auditTarget,
];

export const TARGET_NAMES = TARGETS.map((t) => t.name);

export function targetNamed(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
