/**
 * What the Chromium host adds to every frame of an app tab (the Electron host does the same
 * main-side and in the tab preload): in every frame, Ctrl+Alt+L locks and F6 moves focus to the
 * shell's bar (a key press in an iframe never reaches the top window); in the top frame only,
 * trusted input resets the idle timer and a login form submitted by hand is reported so Lanyard
 * can offer to remember it. Main takes from a subframe nothing but those two keys (tab-session.ts).
 *
 * The script runs in an isolated world of its own, and the one binding it calls exists only in
 * that world (Runtime.addBinding with executionContextName): the page's scripts, and any frame of
 * another origin, can neither see nor call it, and cannot forge the events it listens to
 * (event.isTrusted is false for anything a script dispatches). A string, not a function: functions
 * compiled by the TypeScript loader may reference helpers that do not exist in the page.
 */
export const APP_BRIDGE_WORLD = 'lanyard-app-bridge';
export const APP_BRIDGE_BINDING = '__lanyardTab';

export const APP_BRIDGE_SCRIPT = `(() => {
  const send = globalThis.${APP_BRIDGE_BINDING};
  if (typeof send !== 'function') return;
  // Lanyard's own keys work wherever focus is, the app and its iframes included: Ctrl+Alt+L locks,
  // F6 goes to the shell's bar. Only trusted key presses count; the page never sees them.
  // DevTools' keys (F12, Ctrl+Shift+I/J/C) open nothing: Chromium acts on them only when the page
  // did not prevent them (main also closes any DevTools window: devtools-windows.ts).
  window.addEventListener('keydown', (e) => {
    if (!e.isTrusted) return;
    if (e.key === 'F12' || (e.ctrlKey && e.shiftKey && !e.altKey && ['KeyI', 'KeyJ', 'KeyC'].includes(e.code))) {
      e.preventDefault();
      return;
    }
    const lock = e.ctrlKey && e.altKey && !e.shiftKey && (e.code === 'KeyL' || e.key.toLowerCase() === 'l');
    const shell = e.key === 'F6' && !e.ctrlKey && !e.altKey;
    if (!lock && !shell) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    send(JSON.stringify({ kind: lock ? 'lock' : 'focus-shell' }));
  }, true);
  if (window !== window.top) return;
  let last = 0;
  const activity = (e) => {
    const now = Date.now();
    if (!e.isTrusted || now - last < 1000) return;
    last = now;
    send(JSON.stringify({ kind: 'activity' }));
  };
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) {
    window.addEventListener(type, activity, { capture: true, passive: true });
  }
  window.addEventListener('submit', (e) => {
    const form = e.target;
    // A submit the page fires itself (dispatchEvent, or requestSubmit() with nobody at the keys)
    // is not a person signing in.
    if (!e.isTrusted || !(form instanceof HTMLFormElement) || navigator.userActivation?.isActive === false) return;
    const password = [...form.querySelectorAll('input[type="password"]')].find((i) => i.value !== '');
    const user = form.querySelector('input[autocomplete="username"], input[type="email"], input[type="text"], input:not([type])');
    if (!password || !(user instanceof HTMLInputElement) || !user.value.trim()) return;
    send(JSON.stringify({ kind: 'login', username: user.value.trim(), password: password.value }));
  }, true);
})();`;

export type KeyMessage = { kind: 'lock' } | { kind: 'focus-shell' };
export type BridgeMessage = { kind: 'activity' } | KeyMessage | { kind: 'login'; report: unknown };

/** What a subframe may send: its two keys, nothing else (no activity, no login report). */
export function isKeyMessage(message: BridgeMessage): message is KeyMessage {
  return message.kind === 'lock' || message.kind === 'focus-shell';
}

/** Parses what the bridge sent; null for anything else. The login report is checked by the caller. */
export function parseBridgeMessage(payload: string): BridgeMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { kind, ...rest } = value as Record<string, unknown>;
  if (kind === 'activity' || kind === 'lock' || kind === 'focus-shell') return { kind };
  if (kind === 'login') return { kind: 'login', report: rest };
  return null;
}
