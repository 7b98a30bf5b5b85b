/**
 * Runs a checked page request on the user's key: a WebAuthn client bound to the origin Lanyard
 * observed (it builds clientDataJSON with that origin), user verification always. The caller hands
 * the answer to pageCredentialOf, which checks it before the page sees it. Key failures become
 * `ceremony-failed` (the page sees NotAllowedError, as a browser would show it); the FidoError is
 * kept as the cause for the shell.
 */
import type { Ctap2Client } from './ctap2/client.js';
import { FidoError } from './errors.js';
import { PageWebAuthnError } from './page-errors.js';
import type { CheckedPageRequest } from './page-request.js';
import type { CeremonyResult } from './page-result.js';
import { WebAuthnClient, type CeremonyOptions } from './webauthn-client.js';

export async function runPageCeremony(ctap: Ctap2Client, request: CheckedPageRequest, ceremony: CeremonyOptions = {}): Promise<CeremonyResult> {
  const client = new WebAuthnClient(ctap, { origin: request.origin });
  try {
    return request.kind === 'get'
      ? await client.authenticate(request.options, ceremony)
      : await client.register(request.options, ceremony);
  } catch (error) {
    if (error instanceof PageWebAuthnError) throw error;
    if (error instanceof FidoError && (error.code === 'cancelled' || error.code === 'keepalive-cancel')) throw new PageWebAuthnError('aborted', error.message, { cause: error });
    // An excluded credential is InvalidStateError in a browser: the page then says "already registered".
    const domName = error instanceof FidoError && error.code === 'credential-excluded' ? 'InvalidStateError' : undefined;
    throw new PageWebAuthnError('ceremony-failed', error instanceof Error ? error.message : String(error), { cause: error, ...(domName ? { domName } : {}) });
  }
}
