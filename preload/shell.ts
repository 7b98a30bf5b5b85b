/**
 * Shell preload (bundled to dist/preload/shell.cjs): exposes exactly ShellApi as window.lanyard.
 * ipcRenderer itself never crosses the bridge; the page gets two functions and nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, SHELL_API_KEY, type ShellApi, type ShellCommand, type ShellView } from '../main/core/shell-view.js';

const shellApi = {
  send: async (command: ShellCommand): Promise<void> => {
    await ipcRenderer.invoke(IPC.command, command);
  },
  onView: (listener: (view: ShellView) => void): (() => void) => {
    const relay = (_event: IpcRendererEvent, view: ShellView): void => listener(view);
    ipcRenderer.on(IPC.view, relay);
    return () => {
      ipcRenderer.removeListener(IPC.view, relay);
    };
  },
} as const satisfies ShellApi;

contextBridge.exposeInMainWorld(SHELL_API_KEY, shellApi);
