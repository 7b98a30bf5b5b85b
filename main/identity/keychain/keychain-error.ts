/** Typed failures of the OS keychain. `userMessage` is what a clinician or IT sees; `cause` is for logs. */
export type KeychainErrorCode =
  /** keytar's native module could not be loaded (not built for this runtime, or libsecret missing). */
  | 'native-missing'
  /** The keychain answered with an error (no Secret Service, no login keyring, access denied). */
  | 'unavailable'
  /** The keychain exists but is locked (no unlock prompt could be shown, or it was refused). */
  | 'locked'
  /** The keychain did not answer in time (a hidden unlock prompt, a stalled daemon). */
  | 'timeout'
  /** A probe secret written could not be read back: the keychain is locked or not persisting. */
  | 'not-persisting'
  /** The caller passed a user or app id that cannot name a keychain entry. */
  | 'invalid-name'
  /** A remembered sign-in that does not open with this user's key: another user's entry, or tampered with. */
  | 'not-yours';

const USER_MESSAGES: Record<KeychainErrorCode, string> = {
  'native-missing': 'This workstation cannot reach its secure password store. You can sign in; sign-ins Lanyard remembers now are kept only until it closes. Tell IT: keychain support is not installed.',
  unavailable: 'The secure password store is not available. You can sign in; sign-ins Lanyard remembers now are kept only until it closes, and ones saved before cannot be used. Tell IT if this persists.',
  locked: 'The secure password store is locked. You can sign in; sign-ins Lanyard remembers now are kept only until it closes, and ones saved before cannot be used. Tell IT if this persists.',
  timeout: 'The secure password store did not respond. You can sign in; sign-ins Lanyard remembers now are kept only until it closes, and ones saved before cannot be used. Tell IT if this persists.',
  'not-persisting': 'The secure password store is locked. You can sign in; sign-ins Lanyard remembers now are kept only until it closes, and ones saved before cannot be used. Tell IT if this persists.',
  'invalid-name': 'Lanyard could not save this password because the account name is not valid. Tell IT.',
  'not-yours': 'A saved sign-in on this PC is not yours, so Lanyard did not use it. Sign in to the app yourself, and tell IT.',
};

export class KeychainError extends Error {
  override readonly name = 'KeychainError';
  readonly userMessage: string;
  constructor(readonly code: KeychainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.userMessage = USER_MESSAGES[code];
  }
}

/** Rejects with a `timeout` KeychainError when `work` does not settle within `ms`. The work itself
 * cannot be cancelled (keytar has no cancellation); its late result is ignored. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainError('timeout', `${what} did not finish within ${ms} ms`)), ms);
    work.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(error); },
    );
  });
}
