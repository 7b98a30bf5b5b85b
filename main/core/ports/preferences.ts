/**
 * Preferences: what a clinician chose for themselves on this workstation (text size, high
 * contrast, the role they last picked, the order of their tabs), keyed by their user ID. Machine
 * policy overrides them: a setting that `policy.preferences` names is fixed for everyone and a set
 * for it is refused. Nothing secret and nothing about patients is ever a preference: only the keys
 * below, each checked against a schema. Adapter: main/app/preferences-store.ts (conf, the base of
 * electron-store). Synchronous, so the shell's view can be built from it after every step.
 */
export type TextSize = 'normal' | 'large' | 'larger';
export const TEXT_SIZES: readonly TextSize[] = ['normal', 'large', 'larger'];

export interface UserPreferences {
  textSize: TextSize;
  highContrast: boolean;
  /** The role ID (`person_roleid`) the user chose last: the role picker offers it first. */
  lastRole?: string;
  /** App IDs in the user's order; apps not named keep policy order after them. */
  tabOrder: string[];
}

export type PreferenceName = keyof UserPreferences;
/** The preferences machine policy can fix (`policy.preferences`). */
export type FixablePreference = 'textSize' | 'highContrast' | 'tabOrder';

export interface EffectivePreferences {
  values: UserPreferences;
  /** Which settings policy fixes: the shell shows them as "set by your organisation", disabled. */
  fixed: FixablePreference[];
}

export type PreferencePatch = Partial<UserPreferences>;

export type PreferenceErrorCode =
  /** Machine policy fixes this setting. */
  | 'fixed-by-policy'
  /** Not one of the preference keys (a secret or patient detail has no place here). */
  | 'not-a-preference'
  /** A value, or the user ID, of the wrong form. */
  | 'invalid-value'
  /** The preferences file could not be written (disk full, permissions). */
  | 'write-failed';

export class PreferenceError extends Error {
  readonly domain = 'preferences';
  readonly retryable: boolean;
  constructor(readonly code: PreferenceErrorCode, message: string, readonly field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreferenceError';
    this.retryable = code === 'write-failed';
  }
}

export interface Preferences {
  /** The user's effective preferences: policy's value where policy fixes one, else theirs, else the default. */
  get(userId: string): EffectivePreferences;
  /** Stores a change and returns the effective preferences; throws PreferenceError (nothing stored)
   * when any field of the patch is fixed by policy, unknown, or of the wrong form. */
  set(userId: string, patch: PreferencePatch): EffectivePreferences;
}
