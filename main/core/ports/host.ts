/**
 * Host: windows and browsing partitions. Adapters: Electron (main/host/electron) and system Chromium
 * driven through playwright-core (main/host/chromium). Everything here is about *where* pages live;
 * *who* may see them is decided by the session layer.
 */
import type { ShellCommand, ShellView } from '../shell-view.js';

export interface AppSpec {
  readonly id: string;
  readonly name: string;
  /** Where the tab starts. */
  readonly url: string;
  /** Origins the tab may navigate within; anything else opens nowhere. */
  readonly allowedOrigins: readonly string[];
}

export interface HostCookie {
  name: string;
  value: string;
  /** Absolute URL the cookie belongs to (scheme + host + path). */
  url: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** Unix seconds; omitted = session cookie. */
  expires?: number;
}

export type AppEvent =
  | { type: 'app-loaded'; partition: string; appId: string; url: string }
  | { type: 'navigation-refused'; partition: string; appId: string; url: string }
  | { type: 'app-crashed'; partition: string; appId: string }
  /** Any keyboard/mouse input in an app view (resets the idle timer). */
  | { type: 'activity'; partition: string }
  /** Someone signed in to a form-login app by hand: Lanyard may offer to remember it for the session. */
  | { type: 'manual-login'; partition: string; appId: string; origin: string; username: string; password: string };

/** Main-side handler for commands from the shell renderer. The host has already checked the sender. */
export type ShellCommandHandler = (command: ShellCommand) => Promise<void>;

/** Data a tab's preload may ask main for (legacy form sign-in). Never reaches another origin. */
export interface FormFill {
  usernameSelector: string;
  passwordSelector: string;
  submitSelector: string;
  username: string;
  password: string;
}

/** A standard provider's card sign-in run by the host's browser engine and its card middleware
 * (Electron: `select-client-certificate` answers with exactly this certificate; the PIN given once). */
export interface BrowserCardSignInRequest {
  certificateDer: Uint8Array;
  pin: string;
  /** host[:port] whose TLS handshake asks for the card's certificate. */
  certificateHost: string;
  authorizationUrl: string;
  /** Caught when the provider sends the browser there; never loaded. */
  redirectUri: string;
  signal: AbortSignal;
}

export interface BrowserCardSignInResult {
  /** The redirect URI as the provider sent the browser there (code, state). */
  redirect: URL;
  /** What the provider set during the sign-in (its session), for the user's partition. */
  cookies: HostCookie[];
}

/** A WebAuthn call a provider's page made, as the host checked it (origin seen by the host, RP ID
 * within it): main/auth/fido/page-request.ts's CheckedPageRequest. */
export interface PageKeyRequest { readonly kind: 'get' | 'create'; readonly origin: string; readonly rpId: string }

/** Runs a checked page call on the person's key; resolves the credential JSON the page gets. */
export interface PageKeyCeremony {
  run(request: PageKeyRequest, signal: AbortSignal): Promise<unknown>;
  /** The platform's WebAuthn answered the page with this credential (Windows); Lanyard did not run the ceremony. */
  observed?(credentialId: string): void;
}

/** A standard provider's own login page shown to the person for a security-key sign-in, in a
 * fresh non-persistent page whose navigator.credentials reaches `ceremony` for `allowedOrigins` only. */
export interface KeySignInPageRequest {
  authorizationUrl: string;
  /** Caught when the provider sends the page there; never loaded. */
  redirectUri: string;
  allowedOrigins: string[];
  ceremony: PageKeyCeremony;
  signal: AbortSignal;
}

export interface Host {
  /** Opens the shell UI (a real window unless headless) and routes its commands to `handler`. */
  openShell(handler: ShellCommandHandler): Promise<void>;
  /** Pushes a new view model to the shell renderer. */
  render(view: ShellView): void;
  /** Creates (or reuses) an isolated browsing partition: cookies, storage, cache. */
  createPartition(partition: string): Promise<void>;
  addCookies(partition: string, cookies: readonly HostCookie[]): Promise<void>;
  /** Cookies of a partition (tests, diagnostics and logout checks). */
  cookies(partition: string): Promise<HostCookie[]>;
  /** Opens an app view in a partition, hidden; resolves once its first document has loaded. */
  openApp(partition: string, app: AppSpec): Promise<void>;
  /** Shows one app view of a partition and hides every other app view. */
  showApp(partition: string, appId: string): Promise<void>;
  /** Hides every app view of every partition (lock), keeping their pages alive. */
  hideApps(): Promise<void>;
  /** Closes the partition's views and clears all its storage. */
  destroyPartition(partition: string): Promise<void>;
  /** Legacy form sign-in: fills and submits the login form of an app view whose page is on `origin`.
   * Resolves false when the view is not on that origin. Optional: hosts without a tab preload omit it. */
  fillForm?(partition: string, appId: string, origin: string, fill: FormFill): Promise<boolean>;
  /** Standard profile card sign-in in the host's engine, where the identity layer cannot make the
   * card's TLS signature itself (Electron's BoringSSL has no engines). Optional: the Chromium host
   * leaves it to the identity layer's own TLS client. */
  cardCertificateSignIn?(request: BrowserCardSignInRequest): Promise<BrowserCardSignInResult>;
  /** Standard profile key sign-in: shows the provider's login page (in the app area) until it
   * reaches the redirect URI; resolves that URL and the provider's cookies. Optional: hosts that
   * cannot bridge a page's WebAuthn to Lanyard's CTAP client omit it. */
  keySignInPage?(request: KeySignInPageRequest): Promise<BrowserCardSignInResult>;
  subscribe(listener: (event: AppEvent) => void): () => void;
  close(): Promise<void>;
}
