/**
 * The channels between the key sign-in page's preloads and main: preload/webauthn.ts and
 * page-webauthn-ipc.ts (Lanyard's CTAP client answers the page), preload/webauthn-observe.ts and
 * page-webauthn-observed-ipc.ts (Windows: Electron's platform WebAuthn answers, Lanyard observes).
 * Shared by both sides; pure, so the sandboxed preloads can bundle it.
 */
export const PAGE_WEBAUTHN_IPC = 'lanyard-sign-in:webauthn';
export const PAGE_WEBAUTHN_OBSERVED_IPC = 'lanyard-sign-in:webauthn-observed';

/** What the observing preload reports: the credential the platform answered the page with. */
export interface PageWebAuthnObservation {
  type: 'get' | 'create';
  /** base64url of the credential's rawId. */
  id: string;
  /** PublicKeyCredential.authenticatorAttachment: 'platform' is Windows Hello, not a key. */
  attachment: 'platform' | 'cross-platform' | null;
}
