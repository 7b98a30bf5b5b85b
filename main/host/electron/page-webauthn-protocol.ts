/**
 * The one channel between the key sign-in page's preload (preload/webauthn.ts) and main
 * (page-webauthn-ipc.ts). Shared by both sides; pure, so the sandboxed preload can bundle it.
 */
export const PAGE_WEBAUTHN_IPC = 'lanyard-sign-in:webauthn';
