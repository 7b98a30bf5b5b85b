/**
 * The attestation authority of demo mode's virtual key model, made once per process at first use:
 * the demo key attests with it, and the demo identity provider lists its root and AAGUID, so demo
 * enrolment goes through the same attestation check as a real trust's keys.
 */
import { createAttestationPki, type AttestationPki } from './attestation-pki.js';
import { VIRTUAL_AAGUID } from './authenticator.js';

let demo: Promise<AttestationPki> | undefined;

export function demoAttestation(): Promise<AttestationPki> {
  demo ??= createAttestationPki(VIRTUAL_AAGUID, { vendor: 'Lanyard Demo Keys' });
  return demo;
}
