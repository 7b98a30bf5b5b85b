/** Typed errors of the Electron host: a code for callers, the cause kept, a sentence a person can act on. */
export type ElectronHostErrorCode =
  | 'SHELL_NOT_OPEN'
  | 'PERSISTENT_PARTITION'
  | 'APP_URL_NOT_ALLOWED'
  | 'APP_LOAD_FAILED'
  | 'UNKNOWN_APP';

export class ElectronHostError extends Error {
  readonly code: ElectronHostErrorCode;
  constructor(code: ElectronHostErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ElectronHostError';
    this.code = code;
  }
}
