import { useEffect } from 'react';
import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

/** The only shell UI while apps are showing: it sits above the app views (SHELL_BAR_HEIGHT). */
export function TopBar({ view, send }: { view: ShellView; send: (c: ShellCommand) => void }) {
  useEffect(() => {
    // Ctrl+Alt+L locks at once, like the OS shortcut staff already know.
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.altKey && e.key.toLowerCase() === 'l') { e.preventDefault(); send({ type: 'lock' }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);

  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">Lanyard</span>
      <nav className="tabs" aria-label="Apps">
        <div role="tablist">
          {view.tabs.map((t) => (
            <button type="button" role="tab" key={t.id} aria-selected={t.active} className={t.active ? 'tab active' : 'tab'}
              data-app={t.id} data-loaded={t.loaded ? "true" : "false"} onClick={() => send({ type: 'select-tab', appId: t.id })}>
              {t.name}{t.loaded ? '' : ' …'}
            </button>
          ))}
        </div>
      </nav>
      {view.idleWarning && (
        <div className="idle-warning" role="alert">Locking in {view.idleWarning.secondsLeft} s — press any key to stay signed in</div>
      )}
      {view.rememberOffer && (
        <div className="offer" role="status" aria-live="polite">
          <span>Remember {view.rememberOffer.appName} sign-in?</span>
          <button type="button" className="primary" onClick={() => send({ type: 'remember-login', appId: view.rememberOffer!.appId, remember: true })}>Remember</button>
          <button type="button" className="secondary" onClick={() => send({ type: 'remember-login', appId: view.rememberOffer!.appId, remember: false })}>Not now</button>
        </div>
      )}
      <div className="who" aria-label="Signed in">
        <span className="user" data-testid="current-user">{view.user?.display}</span>
        {view.user?.roleName && <span className="role-label">{view.user.roleName}</span>}
      </div>
      {view.demo?.cards.filter((c) => c.inserted).map((c) => (
        <button type="button" key={c.id} className="secondary demo" onClick={() => send({ type: 'demo-pull', cardId: c.id })}>
          Pull demo card
        </button>
      ))}
      {view.fido?.canEnrol && (
        <button type="button" className="secondary" onClick={() => send({ type: 'fido-enrol' })} title="Bind your fingerprint key to your account">Enrol key</button>
      )}
      {view.fido?.canRemove && (
        <button type="button" className="secondary" onClick={() => send({ type: 'fido-remove' })} title="Remove your enrolled fingerprint keys">Remove keys</button>
      )}
      <button type="button" className="secondary" onClick={() => send({ type: 'lock' })} title="Lock now (Ctrl+Alt+L)">Lock</button>
      <button type="button" className="secondary" onClick={() => send({ type: 'logout' })}>Log out</button>
    </header>
  );
}
