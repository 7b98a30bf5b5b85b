/**
 * Why the identity provider refuses a sign-in. The code travels to the shell over HTTP
 * (`{ error, error_description }`); the sentence is written for the person at the workstation.
 */
import { REFUSAL_MESSAGES, type RefusalCode } from '../core/refusals.js';

export { REFUSAL_MESSAGES, type RefusalCode };

export class SignInRefused extends Error {
  readonly userMessage: string;
  constructor(readonly code: RefusalCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'SignInRefused';
    this.userMessage = REFUSAL_MESSAGES[code];
  }
}
