/**
 * Main's side of the tab preload protocol (tab-protocol.ts). Only a registered app view's main
 * frame, on one of that app's origins, may report a manual login; a form fill is sent only to a
 * view whose page is on the fill's origin, and counts as done only when that view's preload says
 * it found the fields and submitted them.
 */
import { randomUUID } from 'node:crypto';
import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import type { FormFill } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { isUrlInOrigins, originOf } from './origins.js';
import { TAB_IPC, parseFormFillReply, parseManualLoginReport, type FormFillMessage, type FormFillOutcome, type ManualLoginReport } from './tab-protocol.js';

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

/** How long a fill waits for the preload's answer: the page may still be parsing (the preload
 * fills on DOMContentLoaded), but a tab that never answers has not signed anyone in. */
export const FORM_FILL_REPLY_MS = 10_000;

interface PendingFill {
  contents: WebContents;
  origin: string;
  resolve(outcome: FormFillOutcome | 'no-reply'): void;
}

/** Fills in flight, answered by the preload's reply (from the same contents' main frame, still on
 * the fill's origin). Register once per host; unregister() drops the channel and answers every
 * pending fill 'no-reply'. */
export class FormFills {
  readonly #pending = new Map<string, PendingFill>();
  readonly #onReply = (event: IpcMainEvent, payload: unknown): void => {
    const reply = parseFormFillReply(payload);
    const pending = reply === null ? undefined : this.#pending.get(reply.id);
    const frame = event.senderFrame;
    if (reply === null || pending === undefined || event.sender !== pending.contents || frame === null || frame.parent !== null
      || originOf(frame.url) !== pending.origin) {
      this.log.warn('tab IPC refused: unexpected form-fill reply');
      return;
    }
    this.#pending.delete(reply.id);
    pending.resolve(reply.outcome);
  };

  constructor(private readonly log: Log, private readonly replyMs: number = FORM_FILL_REPLY_MS) {
    ipcMain.on(TAB_IPC.formFillResult, this.#onReply);
  }

  /** Sends credentials to the tab only if its main frame is on `origin` right now, and resolves
   * true only once its preload reports the form submitted; false otherwise (never sent, fields
   * missing, page gone, or no answer in time). */
  async send(contents: WebContents, origin: string, fill: FormFill): Promise<boolean> {
    const target = originOf(origin);
    if (target === null || originOf(contents.getURL()) !== target) return false;
    const id = randomUUID();
    const outcome = await new Promise<FormFillOutcome | 'no-reply'>((resolve) => {
      const done = (value: FormFillOutcome | 'no-reply'): void => {
        clearTimeout(timer);
        contents.removeListener('destroyed', gone);
        this.#pending.delete(id);
        resolve(value);
      };
      const gone = (): void => done('no-reply');
      const timer = setTimeout(gone, this.replyMs);
      contents.once('destroyed', gone);
      this.#pending.set(id, { contents, origin: target, resolve: done });
      const message: FormFillMessage = { id, origin: target, fill };
      contents.mainFrame.send(TAB_IPC.formFill, message);
    });
    if (outcome !== 'submitted') this.log.warn('form fill not done', { outcome, origin: target });
    return outcome === 'submitted';
  }

  unregister(): void {
    ipcMain.removeListener(TAB_IPC.formFillResult, this.#onReply);
    for (const pending of [...this.#pending.values()]) pending.resolve('no-reply');
  }
}
