/** Typed errors of the Chromium host: a code for callers, the cause kept. */
export type ChromiumHostErrorCode =
  | 'SHELL_NOT_OPEN'
  | 'NO_PARTITION'
  | 'UNKNOWN_APP'
  /** The browser process could not be found to put it under the watchdog: Lanyard does not run unguarded. */
  | 'BROWSER_UNGUARDED'
  /** A Chromium process (the shell's or a user partition's) did not start in app mode. */
  | 'BROWSER_NOT_STARTED'
  /** Chromium did not open the app window it was asked for. */
  | 'WINDOW_NOT_OPENED';

export class ChromiumHostError extends Error {
  readonly code: ChromiumHostErrorCode;
  constructor(code: ChromiumHostErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChromiumHostError';
    this.code = code;
  }
}
