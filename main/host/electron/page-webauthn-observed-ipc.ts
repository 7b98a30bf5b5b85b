/**
 * Main's side of the Windows key sign-in page's observer (preload/webauthn-observe.ts): Electron's
 * platform WebAuthn answered the page, and the page's main world reports which credential. Taken
 * only from the sign-in view's own contents, its live top frame, on one of the provider's origins,
 * as Electron's browser process reports the sender (the same checks as page-webauthn-ipc.ts); the
 * page gets no answer either way. Only an assertion ('get') by a roaming authenticator is passed
 * on: a 'create' is enrolment and proves no sign-in, and Windows Hello ('platform') is no key
 * whose removal could lock the session.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { frameUrlOf, isSignInTopFrame } from './page-webauthn-ipc.js';
import { normaliseOrigins, originOf } from './origins.js';
import { PAGE_WEBAUTHN_OBSERVED_IPC, type PageWebAuthnObservation } from './page-webauthn-protocol.js';

export interface PageWebAuthnObserverOptions {
  /** The sign-in view's contents: the only sender heard. */
  contents: WebContents;
  /** The identity provider's origins: the only ones heard. */
  allowedOrigins: readonly string[];
  /** The sign-in's own signal: nothing is heard once it has aborted. */
  signal: AbortSignal;
  /** The platform answered the page's assertion with this credential (base64url rawId). */
  observed(credentialId: string): void;
  /** Every observation not passed on, with why, for the log. */
  onIgnored?(reason: ObservationIgnored, frameUrl: string): void;
}

export type ObservationIgnored = 'ended' | 'not-sign-in-page' | 'origin-not-allowed' | 'malformed' | 'enrolment' | 'platform-authenticator';

/** base64url, at most 1023 bytes of credential ID (CTAP's limit) once decoded. */
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{1,1364}$/;

/** Listens on the channel for one sign-in page (ipcMain takes one handler per channel). Returns the unregister. */
export function registerPageWebAuthnObserver(options: PageWebAuthnObserverOptions): () => void {
  const { contents, signal } = options;
  const origins = normaliseOrigins(options.allowedOrigins);
  const judge = (event: IpcMainInvokeEvent, report: unknown): ObservationIgnored | PageWebAuthnObservation => {
    if (signal.aborted) return 'ended';
    if (!isSignInTopFrame(event, contents)) return 'not-sign-in-page';
    if (!origins.has(originOf(event.senderFrame.url) ?? '')) return 'origin-not-allowed';
    const observation = observationOf(report);
    if (observation === undefined) return 'malformed';
    if (observation.type !== 'get') return 'enrolment';
    return observation.attachment === 'platform' ? 'platform-authenticator' : observation;
  };
  const handler = (event: IpcMainInvokeEvent, report: unknown): null => {
    const outcome = judge(event, report);
    if (typeof outcome === 'string') options.onIgnored?.(outcome, frameUrlOf(event));
    else options.observed(outcome.id);
    return null;
  };
  ipcMain.handle(PAGE_WEBAUTHN_OBSERVED_IPC, handler);
  return () => ipcMain.removeHandler(PAGE_WEBAUTHN_OBSERVED_IPC);
}

function observationOf(report: unknown): PageWebAuthnObservation | undefined {
  if (typeof report !== 'object' || report === null) return undefined;
  const { type, id, attachment = null } = report as { type?: unknown; id?: unknown; attachment?: unknown };
  if ((type !== 'get' && type !== 'create') || typeof id !== 'string' || !CREDENTIAL_ID.test(id)) return undefined;
  if (attachment !== null && attachment !== 'platform' && attachment !== 'cross-platform') return undefined;
  return { type, id, attachment };
}
