/** The shell's only way to main: `window.lanyard` (preload or Chromium host binding). */
import type { ShellApi } from '../main/core/shell-view.js';

declare global {
  interface Window { lanyard?: ShellApi }
}

export function shellApi(): ShellApi {
  if (!window.lanyard) throw new Error('Lanyard shell API missing: this page only runs inside Lanyard.');
  return window.lanyard;
}
