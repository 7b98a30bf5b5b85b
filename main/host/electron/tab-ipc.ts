/**
 * Main's side of the tab preload protocol (tab-protocol.ts). Only a registered app view's main
 * frame, on one of that app's origins, may report a manual login; a form fill is sent only to a
 * view whose page is on the fill's origin.
 */
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { FormFill } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { isUrlInOrigins, originOf } from './origins.js';
import { TAB_IPC, parseManualLoginReport, type FormFillMessage, type ManualLoginReport } from './tab-protocol.js';

export interface TabIdentity {
  partition: string;
  appId: string;
  allowedOrigins: readonly string[];
}

export type ManualLoginListener = (tab: TabIdentity, origin: string, report: ManualLoginReport) => void;

export function registerTabIpc(lookup: (contents: WebContents) => TabIdentity | undefined, onManualLogin: ManualLoginListener, log: Log): () => void {
  const onReport = (event: IpcMainEvent, payload: unknown): void => {
    const tab = lookup(event.sender);
    const frame = event.senderFrame;
    const url = frame?.url ?? '';
    if (tab === undefined || frame === null || frame.parent !== null || !isUrlInOrigins(url, tab.allowedOrigins)) {
      log.warn('tab IPC refused: wrong sender', { origin: originOf(url) ?? '(none)' });
      return;
    }
    const report = parseManualLoginReport(payload);
    if (report === null) {
      log.warn('tab IPC refused: invalid manual-login report', { appId: tab.appId });
      return;
    }
    onManualLogin(tab, originOf(url) ?? '', report);
  };
  ipcMain.on(TAB_IPC.manualLogin, onReport);
  return () => ipcMain.removeListener(TAB_IPC.manualLogin, onReport);
}

/** Sends credentials to the tab only if its main frame is on `origin` right now; false otherwise. */
export function sendFormFill(contents: WebContents, origin: string, fill: FormFill): boolean {
  if (originOf(contents.getURL()) !== originOf(origin)) return false;
  const message: FormFillMessage = { origin: originOf(origin) ?? origin, fill };
  contents.mainFrame.send(TAB_IPC.formFill, message);
  return true;
}
