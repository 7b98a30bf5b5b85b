/** The project's typed errors, as `Class:code` labels; anything else is a finding. */
import { CardError } from '../../main/core/card-error.js';
import { FidoError } from '../../main/auth/fido/errors.js';
import { SignInRefused } from '../../main/idp/refusals.js';

export function cardTyped(error: unknown): string | undefined {
  return error instanceof CardError ? `CardError:${error.code}` : undefined;
}

/** FidoError and its subclasses CtaphidError and CtapError. */
export function fidoTyped(error: unknown): string | undefined {
  return error instanceof FidoError ? `${error.name}:${error.code}` : undefined;
}

export function refusalTyped(error: unknown): string | undefined {
  return error instanceof SignInRefused ? `SignInRefused:${error.code}` : undefined;
}

/** For parsers that return their verdicts: nothing they throw is expected. */
export function nothingTyped(): undefined {
  return undefined;
}
