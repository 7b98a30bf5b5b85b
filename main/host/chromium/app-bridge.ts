/**
 * What the Chromium host adds to every app page (the Electron host does the same main-side and in
 * the tab preload): trusted input resets the idle timer, and a login form submitted by hand is
 * reported so Lanyard can offer to remember it. A string, not a function: functions compiled by
 * the TypeScript loader may reference helpers that do not exist in the page.
 */
export const APP_BRIDGE_SCRIPT = `(() => {
  let last = 0;
  const activity = (e) => {
    const now = Date.now();
    if (!e.isTrusted || now - last < 1000) return;
    last = now;
    void window.__lanyardActivity();
  };
  window.addEventListener('keydown', activity, true);
  window.addEventListener('pointerdown', activity, true);
  window.addEventListener('submit', (e) => {
    const form = e.target;
    if (!e.isTrusted || !(form instanceof HTMLFormElement)) return;
    const password = [...form.querySelectorAll('input[type="password"]')].find((i) => i.value !== '');
    const user = form.querySelector('input[autocomplete="username"], input[type="email"], input[type="text"], input:not([type])');
    if (!password || !(user instanceof HTMLInputElement) || !user.value.trim()) return;
    void window.__lanyardLogin({ username: user.value.trim(), password: password.value });
  }, true);
})();`;
