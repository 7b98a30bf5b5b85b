/**
 * App tab preload (bundled to dist/preload/tab.cjs). Exposes nothing to the page. Two jobs only:
 * fill a login form when main sends credentials for this page's origin, and tell main the
 * credentials when someone signs in by hand (so Lanyard can offer to remember them).
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { TAB_IPC, type FormFillMessage, type ManualLoginReport } from '../main/host/electron/tab-protocol.js';
import { fillAndSubmit, manualLoginCredentials } from './form-fill.js';

let filling = false;

ipcRenderer.on(TAB_IPC.formFill, (_event: IpcRendererEvent, message: FormFillMessage) => {
  // Main checked the origin before sending; check again here, where the page really is.
  if (message.origin !== window.location.origin) return;
  const fill = () => {
    filling = true;
    try {
      fillAndSubmit(document, message.fill);
    } finally {
      filling = false;
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill, { once: true });
  else fill();
});

window.addEventListener('submit', (event) => {
  if (filling || !(event.target instanceof HTMLFormElement)) return;
  const credentials = manualLoginCredentials(event.target);
  if (credentials === null) return;
  const report: ManualLoginReport = credentials;
  ipcRenderer.send(TAB_IPC.manualLogin, report);
}, true);
