/**
 * Preload of the Electron key sign-in page on Windows only (bundled to
 * dist/preload/webauthn-observe.cjs), where Electron's platform WebAuthn (webauthn.dll) answers the
 * page. Exposes one function, the observation channel's invoke, and runs the observer
 * (page-webauthn-observer-script.ts) in the page's main world before the page's scripts, so main
 * (page-webauthn-observed-ipc.ts) learns which credential the platform answered with. Main judges
 * the sender frame itself. Nothing else is exposed; ipcRenderer never is.
 */
import { contextBridge, ipcRenderer, webFrame } from 'electron';
import { PAGE_WEBAUTHN_OBSERVED_IPC } from '../main/host/electron/page-webauthn-protocol.js';
import { WEBAUTHN_OBSERVER_BINDING, WEBAUTHN_OBSERVER_SCRIPT } from '../main/host/electron/page-webauthn-observer-script.js';

contextBridge.exposeInMainWorld(WEBAUTHN_OBSERVER_BINDING,
  (observation: unknown): Promise<unknown> => ipcRenderer.invoke(PAGE_WEBAUTHN_OBSERVED_IPC, observation));
void webFrame.executeJavaScript(WEBAUTHN_OBSERVER_SCRIPT);
