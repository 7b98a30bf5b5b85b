/**
 * What the Chromium host adds to every app tab's top frame (the Electron host does the same
 * main-side and in the tab preload): trusted input resets the idle timer, Ctrl+Alt+L locks and F6
 * moves focus to the shell's bar, and a login form submitted by hand is reported so Lanyard can
 * offer to remember it.
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
  if (window !== window.top) return;
  const send = globalThis.${APP_BRIDGE_BINDING};
  if (typeof send !== 'function') return;
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
  // Lanyard's own keys work wherever focus is, the app included: Ctrl+Alt+L locks, F6 goes to the
  // shell's bar. Only trusted key presses count; the page never sees them.
  window.addEventListener('keydown', (e) => {
    if (!e.isTrusted) return;
    const lock = e.ctrlKey && e.altKey && !e.shiftKey && (e.code === 'KeyL' || e.key.toLowerCase() === 'l');
    const shell = e.key === 'F6' && !e.ctrlKey && !e.altKey;
    if (!lock && !shell) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    send(JSON.stringify({ kind: lock ? 'lock' : 'focus-shell' }));
  }, true);
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

export type BridgeMessage = { kind: 'activity' } | { kind: 'lock' } | { kind: 'focus-shell' } | { kind: 'login'; report: unknown };

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
