/**
 * The script that gives the shell page `window[key]` (the same ShellApi the Electron preload
 * exposes): commands go up through an exposed binding, views come down through __lanyardView;
 * F6 asks the host to move focus to the app on screen.
 */
export function shellBridgeScript(key: string): string {
  return `(() => {
    const listeners = new Set();
    let last;
    Object.defineProperty(window, '__lanyardView', { value: (view) => { last = view; for (const l of listeners) l(view); } });
    Object.defineProperty(window, ${JSON.stringify(key)}, { value: Object.freeze({
      send: (command) => window.__lanyardSend(command),
      onView: (listener) => { listeners.add(listener); if (last) listener(last); return () => listeners.delete(listener); },
    }) });
    // F6 hands focus to the app on screen (the host does it: the app is another window).
    window.addEventListener('keydown', (e) => {
      if (!e.isTrusted || e.key !== 'F6' || e.ctrlKey || e.altKey) return;
      e.preventDefault();
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      void window.__lanyardFocusApp();
    }, true);
  })();`;
}
