/**
 * What the Windows key sign-in page runs in its main world before its own scripts
 * (preload/webauthn-observe.ts): navigator.credentials.get/create still go to Electron's platform
 * WebAuthn, and each PublicKeyCredential it answers with is reported (base64url rawId, the call's
 * type and the authenticator's attachment) through the preload's one exposed function before the page gets it. The station
 * learns which credential proved the person from that report; the page's own call is unchanged.
 * Pure (a string), so the sandboxed preload can bundle it.
 */
export const WEBAUTHN_OBSERVER_BINDING = '__lanyardWebAuthnObserved';

export const WEBAUTHN_OBSERVER_SCRIPT = `(() => {
  const report = globalThis.${WEBAUTHN_OBSERVER_BINDING};
  const credentials = navigator.credentials;
  if (typeof report !== 'function' || !credentials) return;
  const b64url = (buffer) => {
    let s = '';
    for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  };
  const observe = (type) => {
    const native = credentials[type].bind(credentials);
    Object.defineProperty(credentials, type, {
      value: async function (options) {
        const credential = await native(options);
        if (credential && credential.type === 'public-key' && credential.rawId instanceof ArrayBuffer) {
          // Main's answer is not the page's business; a failed report leaves the sign-in unbound.
          const attachment = credential.authenticatorAttachment ?? null;
          await report({ type, id: b64url(credential.rawId), attachment }).catch(() => undefined);
        }
        return credential;
      }, configurable: true, writable: true,
    });
  };
  observe('get');
  observe('create');
})();`;
