/**
 * The shell's IPC endpoint in main: one invoke channel, sender checked (ipc-sender.ts) and payload
 * validated (shell-command.ts) before the handler sees anything. Refusals are logged and rejected.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { IPC } from '../../core/shell-view.js';
import { checkShellSender, type ExpectedShell } from './ipc-sender.js';
import { parseShellCommand } from '../../core/shell-command.js';

export class IpcRefusedError extends Error {
  readonly code = 'IPC_REFUSED';
  constructor(reason: string) {
    super(`Lanyard refused a request from a page that is not its own screen (${reason}). Restart Lanyard if the screen stops responding.`);
    this.name = 'IpcRefusedError';
  }
}

/** Registers the shell command channel; returns a function that removes it. */
export function registerShellIpc(shell: () => ExpectedShell | undefined, handler: ShellCommandHandler, log: Log): () => void {
  const onCommand = async (event: IpcMainInvokeEvent, payload: unknown): Promise<void> => {
    const frame = event.senderFrame;
    const verdict = checkShellSender({
      webContentsId: event.sender.id,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
    }, shell());
    if (!verdict.ok) {
      log.warn('shell IPC refused: wrong sender', { reason: verdict.reason, senderUrl: frame?.origin });
      throw new IpcRefusedError(verdict.reason);
    }
    const check = parseShellCommand(payload);
    if (!check.ok) {
      log.warn('shell IPC refused: invalid command', { reason: check.reason });
      throw new IpcRefusedError(check.reason);
    }
    await handler(check.command);
  };
  ipcMain.handle(IPC.command, onCommand);
  return () => ipcMain.removeHandler(IPC.command);
}
