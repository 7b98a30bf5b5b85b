/**
 * Demo mode's fingerprint key: a virtual authenticator with nothing on its sensor, so it waits
 * for the shell's "touch" (ShellCommand demo-touch → touchDemoKey) like a real key waits for a
 * finger. With a state path its enrolment survives restarts.
 */
import type { HidDeviceInfo } from '../../../core/ports/hid-transport.js';
import { VirtualAuthenticator } from './authenticator.js';
import { demoAttestation } from './demo-attestation.js';
import type { VirtualHidTransport } from './virtual-hid-transport.js';

export const DEMO_KEY_LABEL = 'Lanyard demo fingerprint key';

export interface DemoKey {
  readonly id: string;
  readonly label: string;
  readonly device: HidDeviceInfo;
  readonly authenticator: VirtualAuthenticator;
}

export function plugDemoKey(transport: VirtualHidTransport, options: { id?: string; statePath?: string; label?: string } = {}): DemoKey {
  const label = options.label ?? DEMO_KEY_LABEL;
  const authenticator = new VirtualAuthenticator({
    label,
    finger: 'none',
    processingDelayMs: 150, // roughly a real sensor's match time, so the UI's "checking" state shows
    // Basic attestation under demo mode's attestation root, which the demo provider trusts.
    attestation: demoAttestation().then((pki) => pki.attestation),
    ...(options.statePath ? { statePath: options.statePath } : {}),
  });
  const device = transport.plug(authenticator, { path: `virtual:fido:${options.id ?? 'demo'}` });
  return { id: options.id ?? 'demo', label, device, authenticator };
}

/** The demo user's "touch": the enrolled finger, or a wrong one to show the retry message. */
export function touchDemoKey(key: DemoKey, finger: 'match' | 'mismatch' = 'match'): void {
  key.authenticator.touch(finger);
}
