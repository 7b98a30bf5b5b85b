/**
 * Every way the FHIRcast hub refuses a request, as a closed set of codes with the HTTP status the
 * spec asks for. `message` is for logs and the plain-text body a client developer reads; it never
 * carries a token.
 */
export type ContextErrorCode =
  | 'malformed'          // 400: not a well-formed subscription request or event
  | 'too-large'          // 413: body or message over the limit
  | 'unsupported-type'   // 415: wrong Content-Type
  | 'no-token'           // 401: no bearer token
  | 'bad-token'          // 401: token unknown, inactive or expired
  | 'wrong-topic'        // 403: token issued for another session's topic
  | 'scope'              // 403: token lacks the fhircast/ scope for this event
  | 'app-not-allowed'    // 403: app does not take part in context sharing (policy)
  | 'unknown-topic'      // 404: no such topic (or endpoint)
  | 'patient-mismatch'   // 409: event names a patient that is not this session's
  | 'topic-suspended'    // 409: the session is suspended: its topic is silent
  | 'topic-ended'        // 410: the session has ended
  | 'rate-limited';      // 429: the app sends events faster than policy allows

export const CONTEXT_ERROR_STATUS: Record<ContextErrorCode, number> = {
  malformed: 400, 'too-large': 413, 'unsupported-type': 415, 'no-token': 401, 'bad-token': 401,
  'wrong-topic': 403, scope: 403, 'app-not-allowed': 403, 'unknown-topic': 404, 'patient-mismatch': 409,
  'topic-suspended': 409, 'topic-ended': 410, 'rate-limited': 429,
};

export class ContextError extends Error {
  readonly domain = 'context';
  readonly status: number;
  readonly retryable: boolean;
  constructor(readonly code: ContextErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ContextError';
    this.status = CONTEXT_ERROR_STATUS[code];
    this.retryable = code === 'rate-limited';
  }
}
