/**
 * What a sign-in page sees as navigator.credentials.get/create: the page's publicKey options go,
 * buffers as base64url, to a binding in main (webauthn-bridge.ts), which decides from the frame
 * Chromium reports, never from anything sent here; the answer comes back as a
 * PublicKeyCredential-like object with ArrayBuffers, or as the DOMException a browser would raise.
 * Installed in every frame so that every call, a subframe's included, reaches that one decision
 * (a native call would reach no key here anyway). Calls without `publicKey` (passwords,
 * federated) go to the browser's own implementation. A string, not a function: functions compiled
 * by the TypeScript loader may reference helpers that do not exist in the page.
 */
export const WEBAUTHN_BINDING = '__lanyardWebAuthn';

export const WEBAUTHN_SHIM_SCRIPT = `(() => {
  const call = globalThis.${WEBAUTHN_BINDING};
  const credentials = navigator.credentials;
  if (typeof call !== 'function' || !credentials) return;
  const native = { get: credentials.get.bind(credentials), create: credentials.create.bind(credentials) };
  const b64url = (view) => {
    let s = '';
    for (const b of view) s += String.fromCharCode(b);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  };
  const bytes = (text) => {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out.buffer;
  };
  // BufferSource -> base64url, recursively; functions and AbortSignals are dropped.
  const jsonSafe = (v) => {
    if (v instanceof ArrayBuffer) return b64url(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return b64url(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    if (Array.isArray(v)) return v.map(jsonSafe);
    if (v && typeof v === 'object') {
      const out = {};
      for (const k of Object.keys(v)) if (typeof v[k] !== 'function') out[k] = jsonSafe(v[k]);
      return out;
    }
    return typeof v === 'function' ? undefined : v;
  };
  const refusal = (name, message) => name === 'TypeError' ? new TypeError(message) : new DOMException(message, name);
  const adopt = (obj, proto) => { if (proto) Object.setPrototypeOf(obj, proto); return obj; };
  const credentialOf = (c) => {
    const r = c.response;
    const json = { id: c.id, rawId: c.rawId, type: c.type, authenticatorAttachment: c.authenticatorAttachment, clientExtensionResults: {}, response: { ...r } };
    const response = c.kind === 'get'
      ? adopt({ clientDataJSON: bytes(r.clientDataJSON), authenticatorData: bytes(r.authenticatorData), signature: bytes(r.signature),
          userHandle: r.userHandle ? bytes(r.userHandle) : null }, globalThis.AuthenticatorAssertionResponse?.prototype)
      : adopt({ clientDataJSON: bytes(r.clientDataJSON), attestationObject: bytes(r.attestationObject),
          getTransports: () => [...r.transports], getAuthenticatorData: () => bytes(r.authenticatorData),
          getPublicKeyAlgorithm: () => r.publicKeyAlgorithm, getPublicKey: () => null }, globalThis.AuthenticatorAttestationResponse?.prototype);
    return adopt({ id: c.id, rawId: bytes(c.rawId), type: 'public-key', authenticatorAttachment: c.authenticatorAttachment, response,
      getClientExtensionResults: () => ({}), toJSON: () => json }, globalThis.PublicKeyCredential?.prototype);
  };
  const run = async (op, options) => {
    if (!options || typeof options !== 'object' || !options.publicKey) return native[op](options);
    const signal = options.signal;
    if (signal && signal.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    if (options.mediation === 'conditional') throw new DOMException('Conditional mediation is not available.', 'NotSupportedError');
    const request = { op, publicKey: jsonSafe(options.publicKey) };
    const answer = new Promise((resolve, reject) => {
      call(request).then(resolve, () => reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')));
      signal?.addEventListener('abort', () => {
        reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
        call({ op: 'cancel' }).catch(() => undefined);
      }, { once: true });
    });
    const result = await answer;
    if (!result || result.ok !== true) throw refusal(result?.name ?? 'NotAllowedError', result?.message ?? 'The operation was not allowed.');
    return credentialOf(result.credential);
  };
  const replace = (op) => Object.defineProperty(credentials, op, {
    value: function (options) { return run(op, options); }, configurable: true, writable: true,
  });
  replace('get');
  replace('create');
  const PKC = globalThis.PublicKeyCredential;
  if (PKC) {
    // Lanyard offers security keys only: no platform authenticator, no passkey autofill.
    Object.defineProperty(PKC, 'isUserVerifyingPlatformAuthenticatorAvailable', { value: () => Promise.resolve(false), configurable: true });
    Object.defineProperty(PKC, 'isConditionalMediationAvailable', { value: () => Promise.resolve(false), configurable: true });
  }
})();`;
