/**
 * The contract between main and the shell renderer: one view model pushed down, a small set of
 * commands sent up. The renderer holds no state worth protecting and never sees a PIN after entry.
 */
import type { FixablePreference, TextSize } from './ports/preferences.js';

export type Screen =
  | 'locked'        // nobody signed in on screen: "tap your card or touch your key"
  | 'reading-card'  // a card is in, reading identity
  | 'pin'           // PIN pad
  | 'signing-in'    // card signed; talking to the identity provider
  | 'choose-role'   // several roles: pick one
  | 'active'        // apps in tabs
  | 'fatal';        // cannot run (e.g. invalid policy): message only

export interface ShellMessage {
  kind: 'info' | 'warning' | 'error';
  text: string;
  /** Where the message belongs: 'session' (said while someone's apps were up: shown only on the
   * active screen, never carried to the lock screen) or 'station' (sign-in and start-up: shown
   * everywhere but the active screen). Absent: shown on every screen. */
  scope?: 'session' | 'station';
}

export interface ShellView {
  screen: Screen;
  stationName: string;
  /** Display names of people whose sessions are suspended here (policy: initials or full name). */
  suspended: string[];
  user?: { display: string; roleName?: string; orgName?: string };
  /** `holder`: the name on the card's certificate, when it has one ("Dr Asha Patel — enter your card PIN"). */
  pin?: { minLength: number; maxLength: number; triesLeft: number | null; holder?: string };
  /** `opens`: the names of the apps the role opens, so the picker can say what each role is for.
   * `lastChosen`: the role this user chose last time on this PC (the picker offers it first). */
  roles?: { id: string; name: string; orgName: string; opens: string[]; lastChosen?: boolean }[];
  /** `remembered`: a form-login app whose sign-in Lanyard remembers for this user (the shell offers Forget). */
  tabs: { id: string; name: string; active: boolean; loaded: boolean; remembered?: boolean }[];
  message?: ShellMessage;
  idleWarning?: { secondsLeft: number };
  /** Someone signed in to a form-login app by hand: offer to remember it (until Forget, or for the
   * session where the provider releases no vault key). `verified`: the username is this person's as
   * policy or IT says; false: nothing could check it (the shell says so beside the offer). */
  rememberOffer?: { appId: string; appName: string; username: string; verified: boolean };
  /** Active screen: the person opened Display settings; they show in a row of their own under the
   * bar, which the hosts make room for (shellTopHeight). */
  displaySettings?: boolean;
  /** A hand sign-in Lanyard will not remember: 'not-yours', another person's account; 'cannot-check',
   * nothing can tie the account to this person and policy allows no unverified offers. */
  rememberRefused?: { appId: string; appName: string; username: string; reason: 'not-yours' | 'cannot-check' };
  /** Fingerprint key actions for the signed-in user (enrolment needs a card sign-in and a key). */
  fido?: { canEnrol: boolean; canRemove: boolean };
  /** The patient in context for the session in front (FHIRcast); absent when none, and while locked. */
  patient?: { name: string; nhsNumber?: string; nhsNumberInvalid?: boolean; birthDate?: string; age?: number };
  /** Apps that did not follow the last context change (sent SyncError or did not acknowledge in time). */
  contextWarning?: { apps: string[]; patientName?: string };
  /** The signed-in (or role-choosing) user's display preferences; `fixed`: what policy sets for
   * everyone (shown as "set by your organisation", not changeable). Absent while nobody is known. */
  preferences?: { textSize: TextSize; highContrast: boolean; fixed: FixablePreference[] };
  /** Standard profile: keys sign in on the provider's own page. `available`: a key is plugged in and
   * the lock screen offers "Sign in with your security key"; `running`: that page is open. */
  keyPage?: { available: boolean; running: boolean };
  /** Which sign-in methods the lock screen offers. */
  methods: ('smartcard' | 'fido')[];
  cardService: 'ok' | 'unavailable';
  /** A staff card is still in a reader (after Lock): the lock screen asks to take it out and tap again. */
  cardInReader?: boolean;
  /** Screen 'fatal' only: why Lanyard cannot run ('settings': this PC's policy is wrong; IT must fix it). */
  fatal?: { reason: 'not-set-up' | 'settings' };
  /** Lock screen only: what happened to the session that was in front, from the effect main ran
   * (shell-view-transition.ts): the shell confirms "Locked" or "Logged out" from this. `who`: its
   * display name. */
  lastTransition?: { kind: 'locked' | 'logged-out'; who?: string };
  /** Demo mode only: the software cards and keys the user can tap/pull from the UI. */
  demo?: {
    cards: { id: string; label: string; inserted: boolean }[];
    keys: { id: string; label: string }[];
  };
}

export type ShellCommand =
  | { type: 'ready' }
  | { type: 'submit-pin'; pin: string }
  | { type: 'choose-role'; roleId: string }
  | { type: 'select-tab'; appId: string }
  | { type: 'cancel' }
  | { type: 'lock' }
  | { type: 'logout' }
  | { type: 'activity' }
  | { type: 'demo-tap'; cardId: string }
  | { type: 'demo-pull'; cardId: string }
  | { type: 'demo-touch'; keyId: string }
  | { type: 'remember-login'; appId: string; remember: boolean }
  | { type: 'forget-login'; appId: string }
  | { type: 'fido-enrol' }
  /** The person closed the message under the bar (or an info message's time was up): main drops it,
   * so the shell's window is the bar alone again and the app area starts right below it. */
  /** `text`: the message the person saw; one that replaced it meanwhile stays. */
  | { type: 'dismiss-message'; text: string }
  /** Display settings opened or closed (the hosts move the app to make room for their row). */
  | { type: 'display-settings'; open: boolean }
  | { type: 'fido-remove' }
  /** Standard profile: open the identity provider's login page for a security-key sign-in. */
  | { type: 'key-sign-in' }
  /** The patient banner's "Close patient": every taking-part app closes the patient (FHIRcast Patient-close). */
  | { type: 'close-patient' }
  | PreferenceCommand;

/** The signed-in user changes a preference (refused by main when policy fixes it). */
export type PreferenceCommand =
  | { type: 'set-preference'; name: 'textSize'; value: TextSize }
  | { type: 'set-preference'; name: 'highContrast'; value: boolean }
  /** Moves a tab one place left or right; the order is kept for the user's next sessions. */
  | { type: 'set-preference'; name: 'tabOrder'; appId: string; move: 'left' | 'right' };

/** Height of the shell's top area, in CSS pixels: the patient strip (44) and the bar (64); app views
 * sit below it (renderer/styles.css --bar). */
export const SHELL_BAR_HEIGHT = 108;
/** Windows narrower than this (200 % zoom on 1366 px) give the app tabs a row of their own, so no tab
 * is ever cut or scrolled away (renderer/styles.css `@media (max-width: 900px)`, same number). */
export const NARROW_BAR_WIDTH = 900;
/** The app tabs' own row in a narrow window (renderer/styles.css --tabs-row). */
export const TABS_ROW_HEIGHT = 48;
/** The Remember offer / "not your account" row under the bar (renderer/styles.css --offer-row). */
export const OFFER_ROW_HEIGHT = 64;

/** Whether the view puts the Remember offer or its refusal in the row under the bar. */
export function hasOfferRow(view: ShellView | undefined): boolean {
  return view?.screen === 'active' && (view.rememberOffer !== undefined || view.rememberRefused !== undefined);
}

/** The Display settings row under the bar (renderer/styles.css --settings-row): room for its controls
 * in two lines at 200 % zoom or with the largest text. */
export const SETTINGS_ROW_HEIGHT = 128;

/** Whether the view puts Display settings in their row under the bar. */
export function hasSettingsRow(view: ShellView | undefined): boolean {
  return view?.screen === 'active' && view.displaySettings === true && view.preferences !== undefined;
}

/** The height of a bar message (renderer/styles.css `.bar-message`) shown just below the bar. */
export const MESSAGE_ROW_HEIGHT = 72;

/** Whether the active screen shows a message under the bar (it goes after a while or on Dismiss). */
export function hasMessageRow(view: ShellView | undefined): boolean {
  return view?.screen === 'active' && view.message !== undefined;
}

/** Everything the shell shows above the app area in a window `width` CSS px wide: the app area starts
 * exactly here, so nothing of the bar is ever under an app and no gap is left between them. */
export function shellTopHeight(width: number, offerRow: boolean, settingsRow = false): number {
  return SHELL_BAR_HEIGHT + (width <= NARROW_BAR_WIDTH ? TABS_ROW_HEIGHT : 0) + (offerRow ? OFFER_ROW_HEIGHT : 0)
    + (settingsRow ? SETTINGS_ROW_HEIGHT : 0);
}

/** shellTopHeight for what `view` shows under the bar (its Remember and Display settings rows). */
export function viewTopHeight(width: number, view: ShellView | undefined): number {
  return shellTopHeight(width, hasOfferRow(view), hasSettingsRow(view));
}

/** Whether the rows the hosts keep the app below differ between two views: the app must move. */
export function barRowsChanged(a: ShellView | undefined, b: ShellView | undefined): boolean {
  return hasOfferRow(a) !== hasOfferRow(b) || hasSettingsRow(a) !== hasSettingsRow(b);
}

/** What the shell renderer gets as `window.lanyard` (Electron: preload/shell.ts via contextBridge;
 * Chromium host: an exposed binding). Nothing else of main is reachable from the page. */
export interface ShellApi {
  send(command: ShellCommand): Promise<void>;
  onView(listener: (view: ShellView) => void): () => void;
}

export const SHELL_API_KEY = 'lanyard';
/** IPC channels between the shell renderer and main (Electron host). */
export const IPC = { command: 'lanyard:command', view: 'lanyard:view' } as const;
