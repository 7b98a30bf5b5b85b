/** openid-client failures as IdentityErrors: transport problems stay retryable, OAuth refusals do not. */
import * as oidc from 'openid-client';
import { IdentityError, type IdentityErrorCode } from './identity-error.js';
import { transportError } from './provider-http.js';

export function fromOidcError(err: unknown, what: string, refusal: IdentityErrorCode = 'idp-protocol'): IdentityError {
  if (err instanceof IdentityError) return err;
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) {
    return new IdentityError(refusal, `${what}: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`, { cause: err });
  }
  if (err instanceof oidc.ClientError) {
    const cause = err.cause;
    if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError' || cause.name === 'TypeError')) return transportError(cause, what);
    return new IdentityError('idp-protocol', `${what}: ${err.message}`, { cause: err });
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError' || err.name === 'TypeError')) return transportError(err, what);
  return new IdentityError('idp-protocol', `${what}: ${String(err)}`, { cause: err });
}
