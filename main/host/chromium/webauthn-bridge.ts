/**
 * Main's side of navigator.credentials on a sign-in page: one binding on that page, whose calls
 * are judged by the frame Playwright says made them (`source.frame`), never by what the page
 * sends. Only the page's top frame, on one of the provider's origins, reaches the key; the origin
 * and RP ID rules and the clientData Lanyard signs over are in main/auth/fido/page-*.ts. One
 * ceremony at a time; the page's AbortSignal (through the shim) and the sign-in's own signal
 * cancel it on the key.
 */
import type { Frame, Page } from 'playwright-core';
import { PageWebAuthnError, type PageDomExceptionName } from '../../auth/fido/page-errors.js';
import { checkPageRequest, type CheckedPageRequest } from '../../auth/fido/page-request.js';
import { pageCredentialOf, type CeremonyResult, type PageCredentialJSON } from '../../auth/fido/page-result.js';
import type { PublicSuffixes } from '../../auth/fido/public-suffix.js';
import { systemPublicSuffixes } from '../../auth/fido/system-public-suffix.js';
import { WEBAUTHN_BINDING, WEBAUTHN_SHIM_SCRIPT } from './webauthn-shim.js';

/** Runs a checked request on the user's key (e.g. runPageCeremony on the key's Ctap2Client). */
export type PageCeremony = (request: CheckedPageRequest, signal: AbortSignal) => Promise<CeremonyResult>;

export interface WebAuthnBridgeOptions {
  /** The identity provider's origins (scheme, host, port): the only ones answered. */
  allowedOrigins: readonly string[];
  webauthn: PageCeremony;
  /** The sign-in's own signal: aborting it cancels the ceremony and refuses every later call. */
  signal?: AbortSignal;
  /** Default: the machine's Public Suffix List (an RP ID must equal the host without one). */
  suffixes?: PublicSuffixes;
  /** Every refusal and failure, for the shell's log and audit (the page only sees a DOMException name). */
  onRefused?: (error: PageWebAuthnError, frameUrl: string) => void;
}

export type ShimAnswer =
  | { ok: true; credential: PageCredentialJSON }
  | { ok: false; name: PageDomExceptionName; message: string };

/** Installs the binding and the shim on `page`; call before its first navigation. */
export async function installWebAuthnBridge(page: Page, options: WebAuthnBridgeOptions): Promise<void> {
  const suffixes = options.suffixes ?? systemPublicSuffixes();
  let current: AbortController | undefined;

  const ceremony = async (frame: Frame, call: unknown): Promise<PageCredentialJSON> => {
    if (options.signal?.aborted) throw new PageWebAuthnError('aborted', 'the sign-in has ended');
    if (frame !== page.mainFrame()) throw new PageWebAuthnError('subframe', 'only the sign-in page\'s top frame may use the key');
    const observedUrl = frame.url();
    const request = checkPageRequest(call, { observedUrl, allowedOrigins: options.allowedOrigins, suffixes });
    if (current) throw new PageWebAuthnError('busy', 'a ceremony is already running on this page');
    const controller = new AbortController();
    current = controller;
    const stop = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      const result = await options.webauthn(request, controller.signal).catch((cause: unknown) => {
        throw controller.signal.aborted ? new PageWebAuthnError('aborted', 'the ceremony was cancelled', { cause }) : cause;
      });
      if (controller.signal.aborted) throw new PageWebAuthnError('aborted', 'the ceremony was cancelled');
      // The document that asked may have gone; an answer only ever goes to the same origin.
      if (new URL(frame.url()).origin !== request.origin) throw new PageWebAuthnError('aborted', 'the page left its origin during the ceremony');
      return pageCredentialOf(request, result);
    } finally {
      options.signal?.removeEventListener('abort', stop);
      current = undefined;
    }
  };

  await page.exposeBinding(WEBAUTHN_BINDING, async (source, call: unknown): Promise<ShimAnswer | null> => {
    if (isCancel(call)) {
      if (source.frame === page.mainFrame()) current?.abort(new PageWebAuthnError('aborted', 'the page aborted the ceremony'));
      return null;
    }
    try {
      return { ok: true, credential: await ceremony(source.frame, call) };
    } catch (cause) {
      const error = cause instanceof PageWebAuthnError ? cause
        : new PageWebAuthnError('ceremony-failed', cause instanceof Error ? cause.message : String(cause), { cause });
      options.onRefused?.(error, source.frame.url());
      return { ok: false, name: error.domName, message: PAGE_MESSAGES[error.domName] };
    }
  });
  await page.addInitScript({ content: WEBAUTHN_SHIM_SCRIPT });
}

function isCancel(call: unknown): boolean {
  return typeof call === 'object' && call !== null && (call as { op?: unknown }).op === 'cancel';
}

/** What the page is told: a browser's words, no detail of Lanyard's decision (the Electron host's bridge too). */
export const PAGE_MESSAGES: Record<PageDomExceptionName, string> = {
  NotAllowedError: 'The operation either timed out or was not allowed.',
  SecurityError: 'The relying party ID is not a registrable domain suffix of, nor equal to the current domain.',
  TypeError: 'The options are not valid.',
  NotSupportedError: 'None of the requested algorithms is supported.',
  InvalidStateError: 'The authenticator already holds a credential for this account.',
  AbortError: 'The operation was aborted.',
};
