/**
 * Who may talk to the shell's IPC channels: only the shell window's own web contents, from its main
 * frame, showing the shell's file:// page. App tabs, subframes and navigated-away pages are refused.
 * Pure: main-side wiring (shell-ipc.ts) feeds it facts taken from the IPC event.
 */

export interface IpcSenderFacts {
  /** webContents.id of the sender. */
  webContentsId: number;
  /** The sending frame's URL; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** True when the sending frame is the contents' main frame. */
  isMainFrame: boolean;
}

export interface ExpectedShell {
  webContentsId: number;
  /** The file:// URL the shell was loaded from. */
  url: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** Compares file URLs by path only: the shell may use the hash or query for its own routing. */
function sameFilePage(actual: string, expected: string): boolean {
  let a: URL;
  let e: URL;
  try {
    a = new URL(actual);
    e = new URL(expected);
  } catch {
    return false;
  }
  return a.protocol === 'file:' && e.protocol === 'file:' && a.host === e.host && a.pathname === e.pathname;
}

export function checkShellSender(sender: IpcSenderFacts, shell: ExpectedShell | undefined): SenderVerdict {
  if (shell === undefined) return { ok: false, reason: 'the shell is not open' };
  if (sender.webContentsId !== shell.webContentsId) return { ok: false, reason: 'sender is not the shell window' };
  if (!sender.isMainFrame) return { ok: false, reason: 'sender is a subframe of the shell' };
  if (sender.frameUrl === undefined || !sameFilePage(sender.frameUrl, shell.url)) {
    return { ok: false, reason: 'sender frame is not the shell page' };
  }
  return { ok: true };
}
