/**
 * The login page's script, served as a file (/lanyard/webauthn-login.js) because the page's CSP
 * forbids inline script. Kept as text here so the build carries it with the provider. It asks the
 * provider for request options, runs navigator.credentials.get with them, posts the assertion as
 * AuthenticationResponseJSON and follows the redirect; any refusal's sentence goes to the status line.
 * Element ids and URLs: login-html.ts.
 */
export const WEBAUTHN_LOGIN_SCRIPT = String.raw`'use strict';
(function () {
  var form = document.getElementById('lanyard-login');
  var status = document.getElementById('lanyard-webauthn-status');
  var userId = document.getElementById('lanyard-user-id');
  if (!form || !status || !userId) return;
  function decode(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(b64 + '==='.slice((b64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = '';
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function say(text) { status.textContent = text; }
  async function post(url, body) {
    var answer = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body),
    });
    var json = await answer.json().catch(function () { return {}; });
    if (!answer.ok) throw new Error(json.error_description || 'The sign-in service did not answer. Please try again.');
    return json;
  }
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    say('Touch your security key and use its fingerprint reader.');
    try {
      var typed = userId.value.trim();
      var options = (await post(form.dataset.optionsUrl, typed ? { userId: typed } : {})).options;
      var publicKey = {
        challenge: decode(options.challenge), rpId: options.rpId, timeout: options.timeout,
        userVerification: options.userVerification,
        allowCredentials: (options.allowCredentials || []).map(function (c) {
          return c.transports ? { type: 'public-key', id: decode(c.id), transports: c.transports } : { type: 'public-key', id: decode(c.id) };
        }),
      };
      var credential = await navigator.credentials.get({ publicKey: publicKey });
      if (!credential) throw new Error('No security key answered. Please try again.');
      var r = credential.response;
      var response = {
        id: credential.id, rawId: encode(credential.rawId), type: credential.type,
        clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
        response: {
          clientDataJSON: encode(r.clientDataJSON), authenticatorData: encode(r.authenticatorData), signature: encode(r.signature),
          userHandle: r.userHandle ? encode(r.userHandle) : undefined,
        },
      };
      var done = await post(form.dataset.submitUrl, { response: response });
      say('Signed in.');
      location.assign(done.redirectTo);
    } catch (err) {
      say(err && err.name === 'NotAllowedError'
        ? 'The security key was not used in time, or the sign-in was cancelled. Please try again.'
        : (err && err.message) || 'The sign-in did not finish. Please try again.');
    }
  });
})();
`;
