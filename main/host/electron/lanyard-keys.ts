/**
 * Lanyard's own keys, wherever focus is (the shell's bar or an app): Ctrl+Alt+L locks, F6 moves
 * focus between the bar and the app on screen. Read main-side from `before-input-event`, which
 * comes from the browser process before the page sees the key (Electron docs, webContents
 * "Event: 'before-input-event'"), so no page can swallow or fake it; the page never sees it either.
 */
import type { Input, WebContents } from 'electron';

export type LanyardKey = 'lock' | 'switch-focus';

/** The pure decision: which of Lanyard's keys `input` is, if any. Key-down only, so one press is one action. */
export function lanyardKey(input: Pick<Input, 'type' | 'key' | 'code' | 'control' | 'alt' | 'shift' | 'meta'>): LanyardKey | undefined {
  if (input.type !== 'keyDown') return undefined;
  const l = input.code === 'KeyL' || input.key.toLowerCase() === 'l';
  if (l && input.control && input.alt && !input.shift && !input.meta) return 'lock';
  if (input.key === 'F6' && !input.control && !input.alt && !input.meta) return 'switch-focus';
  return undefined;
}

/** Calls `on` for Lanyard's keys in `contents`; a key `on` acted on (returned true) is kept from the page. */
export function installLanyardKeys(contents: WebContents, on: (key: LanyardKey) => boolean): void {
  contents.on('before-input-event', (event, input) => {
    const key = lanyardKey(input);
    if (key !== undefined && on(key)) event.preventDefault();
  });
}

export type KeyAction = 'lock' | 'focus-shell' | 'focus-app';
export type KeyOrigin = 'shell' | 'shown-app' | 'hidden-app';

/** What a key does. Ctrl+Alt+L locks from any app, and from the shell on the active screen (the
 * lock, PIN and role screens have nothing to lock); F6 moves focus from the app on screen to the
 * bar, and from the bar to the app on screen if there is one. */
export function keyAction(key: LanyardKey, from: KeyOrigin, state: { active: boolean; appShown: boolean }): KeyAction | undefined {
  if (key === 'lock') return from !== 'shell' || state.active ? 'lock' : undefined;
  if (from === 'shell') return state.appShown ? 'focus-app' : undefined;
  return from === 'shown-app' ? 'focus-shell' : undefined;
}
