/**
 * App tab preload (bundled to dist/preload/tab.cjs). Exposes nothing to the page. Two jobs only:
 * fill a login form when main sends credentials for this page's origin, and tell main the
 * credentials when someone signs in by hand (so Lanyard can offer to remember them).
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron';
import { TAB_IPC, type FormFillMessage, type FormFillReply, type ManualLoginReport } from '../main/host/electron/tab-protocol.js';
import { fillAndSubmit, isHandSubmitted, manualLoginCredentials } from './form-fill.js';

let filling = false;

ipcRenderer.on(TAB_IPC.formFill, (_event: IpcRendererEvent, message: FormFillMessage) => {
  // Main counts the fill as done only on this reply: it cannot see whether the fields exist.
  const reply = (outcome: FormFillReply['outcome']) => {
    const answer: FormFillReply = { id: message.id, outcome };
    ipcRenderer.send(TAB_IPC.formFillResult, answer);
  };
  // Main checked the origin before sending; check again here, where the page really is.
  if (message.origin !== window.location.origin) return reply('wrong-origin');
  const fill = () => {
    filling = true;
    try {
      reply(fillAndSubmit(document, message.fill));
    } finally {
      filling = false;
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill, { once: true });
  else fill();
});

window.addEventListener('submit', (event) => {
  if (filling || !isHandSubmitted(event, navigator) || !(event.target instanceof HTMLFormElement)) return;
  const credentials = manualLoginCredentials(event.target);
  if (credentials === null) return;
  const report: ManualLoginReport = credentials;
  ipcRenderer.send(TAB_IPC.manualLogin, report);
}, true);
