/**
 * Preload of the Electron key sign-in page only (bundled to dist/preload/webauthn.cjs; not loaded
 * on Windows, where Electron's own WebAuthn reaches the key). Runs in every frame of that page
 * (nodeIntegrationInSubFrames) so that every call, a subframe's included, reaches main's one
 * decision (main/host/electron/page-webauthn-ipc.ts), which judges the sender frame itself.
 * contextBridge cannot replace navigator.credentials, so it exposes one function, the channel's
 * invoke, under the name the Chromium host's shim calls; the same shim (webauthn-shim.ts) is then
 * run in the page's main world before the page's own scripts, and replaces get/create with calls
 * to it. Nothing else is exposed; ipcRenderer never is.
 */
import { contextBridge, ipcRenderer, webFrame } from 'electron';
import { PAGE_WEBAUTHN_IPC } from '../main/host/electron/page-webauthn-protocol.js';
import { WEBAUTHN_BINDING, WEBAUTHN_SHIM_SCRIPT } from '../main/host/chromium/webauthn-shim.js';

contextBridge.exposeInMainWorld(WEBAUTHN_BINDING, (call: unknown): Promise<unknown> => ipcRenderer.invoke(PAGE_WEBAUTHN_IPC, call));
// A preload runs when the frame's script context is created, before any of the page's scripts.
void webFrame.executeJavaScript(WEBAUTHN_SHIM_SCRIPT);
