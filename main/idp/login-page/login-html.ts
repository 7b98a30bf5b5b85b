/**
 * The standard-profile login page's markup. Its contract, for a browser host that drives it (the
 * shell's WebAuthn bridge) and for tests; docs/identity-providers.md repeats it:
 *   form#lanyard-login              data-options-url (POST { userId? } → { options }),
 *                                   data-submit-url (POST { response } → { redirectTo })
 *   input#lanyard-user-id           optional 12-digit user ID; empty: the key's discoverable credential
 *   button#lanyard-webauthn-start   "Sign in with security key": runs navigator.credentials.get
 *                                   (RP ID = the issuer's host, userVerification required)
 *   #lanyard-webauthn-status        role=status: what is happening, or why it failed
 *   a#lanyard-certauth-link         "Sign in with smartcard": the certauth listener's URL (when on)
 * The script is a file (/lanyard/webauthn-login.js): the page's CSP allows no inline script.
 */
import { escapeHtml, page } from '../http-util.js';

export interface LoginPageUrls {
  optionsUrl: string;
  submitUrl: string;
  scriptUrl: string;
  certauthUrl?: string;
}

/** Scripts and requests from this origin only; inline style is the shared page() stylesheet. */
export function loginPageCsp(certauthOrigin: string | undefined): string {
  return [
    "default-src 'none'", "script-src 'self'", "connect-src 'self'", "style-src 'unsafe-inline'",
    "base-uri 'none'", "frame-ancestors 'none'", `form-action 'self'${certauthOrigin ? ` ${certauthOrigin}` : ''}`,
  ].join('; ');
}

export function loginPageHtml(urls: LoginPageUrls): string {
  const card = urls.certauthUrl
    ? `<h2>Smartcard</h2><p><a id="lanyard-certauth-link" href="${escapeHtml(urls.certauthUrl)}">Sign in with smartcard</a></p>`
    : '';
  return page('Sign in with Lanyard', `<h1>Sign in with Lanyard</h1>
<p>At a Lanyard workstation, tap your smartcard or touch your security key: Lanyard signs you in.</p>${card}
<h2>Security key</h2>
<form id="lanyard-login" data-options-url="${escapeHtml(urls.optionsUrl)}" data-submit-url="${escapeHtml(urls.submitUrl)}">
<p><label for="lanyard-user-id">User ID (optional)</label><br><input id="lanyard-user-id" name="userId" inputmode="numeric" autocomplete="username" pattern="[0-9]{12}"></p>
<p><button id="lanyard-webauthn-start" type="submit">Sign in with security key</button></p>
<p id="lanyard-webauthn-status" role="status"></p>
</form>
<script src="${escapeHtml(urls.scriptUrl)}" defer></script>`);
}
