/**
 * Main's side of navigator.credentials on the Electron key sign-in page (where Electron has no
 * platform WebAuthn): preload/webauthn.ts sends each call over ipcRenderer.invoke. A call is judged
 * by what Electron's browser process says sent it (event.sender, event.senderFrame and that
 * frame's committed URL), never by what the page sends: only the sign-in view's own contents, from
 * its top frame, on one of the provider's origins, reaches the key. The origin and RP ID rules and
 * the clientData checks are main/auth/fido/page-*.ts, the same as the Chromium host's bridge. One
 * ceremony at a time; the page's AbortSignal (through the shim) and the sign-in's signal cancel it.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { PageWebAuthnError } from '../../auth/fido/page-errors.js';
import { checkPageRequest, type CheckedPageRequest } from '../../auth/fido/page-request.js';
import { pageCredentialOf, type CeremonyResult, type PageCredentialJSON } from '../../auth/fido/page-result.js';
import type { PublicSuffixes } from '../../auth/fido/public-suffix.js';
import { systemPublicSuffixes } from '../../auth/fido/system-public-suffix.js';
import { PAGE_MESSAGES, type ShimAnswer } from '../chromium/webauthn-bridge.js';
import { originOf } from './origins.js';
import { PAGE_WEBAUTHN_IPC } from './page-webauthn-protocol.js';

export interface PageWebAuthnIpcOptions {
  /** The sign-in view's contents: the only sender answered. */
  contents: WebContents;
  /** The identity provider's origins (scheme, host, port): the only ones answered. */
  allowedOrigins: readonly string[];
  /** Runs a checked request on the person's key (the station's ceremony). */
  ceremony(request: CheckedPageRequest, signal: AbortSignal): Promise<CeremonyResult>;
  /** The sign-in's own signal: aborting it cancels the ceremony and refuses every later call. */
  signal: AbortSignal;
  /** Default: the machine's Public Suffix List. */
  suffixes?: PublicSuffixes;
  /** Every refusal and failure, for the log (the page only sees a DOMException name). */
  onRefused?(error: PageWebAuthnError, frameUrl: string): void;
}

/** Answers the channel for one sign-in page (one at a time: ipcMain takes one handler per
 * channel). Returns the unregister. */
export function registerPageWebAuthn(options: PageWebAuthnIpcOptions): () => void {
  const { contents, signal } = options;
  const suffixes = options.suffixes ?? systemPublicSuffixes();
  let current: AbortController | undefined;

  const isTopFrame = (event: IpcMainInvokeEvent): event is IpcMainInvokeEvent & { senderFrame: WebFrameMain } => isSignInTopFrame(event, contents);

  const ceremony = async (event: IpcMainInvokeEvent, call: unknown): Promise<PageCredentialJSON> => {
    if (signal.aborted) throw new PageWebAuthnError('aborted', 'the sign-in has ended');
    if (event.sender !== contents) throw new PageWebAuthnError('origin-not-allowed', 'the call did not come from the sign-in page');
    if (!isTopFrame(event)) throw new PageWebAuthnError('subframe', 'only the sign-in page\'s top frame may use the key');
    const request = checkPageRequest(call, { observedUrl: event.senderFrame.url, allowedOrigins: options.allowedOrigins, suffixes });
    if (current) throw new PageWebAuthnError('busy', 'a ceremony is already running on this page');
    const controller = new AbortController();
    current = controller;
    const stop = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    try {
      const result = await options.ceremony(request, controller.signal).catch((cause: unknown) => {
        throw controller.signal.aborted ? new PageWebAuthnError('aborted', 'the ceremony was cancelled', { cause }) : cause;
      });
      if (controller.signal.aborted) throw new PageWebAuthnError('aborted', 'the ceremony was cancelled');
      // The document that asked may have gone; an answer only ever goes to the same origin.
      if (contents.isDestroyed() || originOf(contents.mainFrame.url) !== request.origin) {
        throw new PageWebAuthnError('aborted', 'the page left its origin during the ceremony');
      }
      return pageCredentialOf(request, result);
    } finally {
      signal.removeEventListener('abort', stop);
      current = undefined;
    }
  };

  const handler = async (event: IpcMainInvokeEvent, call: unknown): Promise<ShimAnswer | null> => {
    if (isCancel(call)) {
      if (isTopFrame(event)) current?.abort(new PageWebAuthnError('aborted', 'the page aborted the ceremony'));
      return null;
    }
    try {
      return { ok: true, credential: await ceremony(event, call) };
    } catch (cause) {
      const error = cause instanceof PageWebAuthnError ? cause
        : new PageWebAuthnError('ceremony-failed', cause instanceof Error ? cause.message : String(cause), { cause });
      options.onRefused?.(error, frameUrlOf(event));
      return { ok: false, name: error.domName, message: PAGE_MESSAGES[error.domName] };
    }
  };

  ipcMain.handle(PAGE_WEBAUTHN_IPC, handler);
  return () => {
    ipcMain.removeHandler(PAGE_WEBAUTHN_IPC);
    current?.abort(new PageWebAuthnError('aborted', 'the sign-in page closed'));
  };
}

/** Electron's browser process says the call came from `contents`' own live top frame (never the page's word).
 * Shared by every channel of the sign-in page. */
export function isSignInTopFrame(event: IpcMainInvokeEvent, contents: WebContents): event is IpcMainInvokeEvent & { senderFrame: WebFrameMain } {
  const frame = event.senderFrame;
  return event.sender === contents && !contents.isDestroyed() && frame !== null && !frame.detached
    && frame.parent === null && frame === contents.mainFrame;
}

/** The sender frame's URL, for the log; a frame that has gone may throw on access. */
export function frameUrlOf(event: IpcMainInvokeEvent): string {
  try {
    return event.senderFrame?.url ?? '';
  } catch {
    return '';
  }
}

function isCancel(call: unknown): boolean {
  return typeof call === 'object' && call !== null && (call as { op?: unknown }).op === 'cancel';
}
