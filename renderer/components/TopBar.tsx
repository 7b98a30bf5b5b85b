import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';
import { useDisplayPreferences } from '../preferences.js';
import { DisplaySettings } from './DisplaySettings.js';
import { RememberOffer, RememberRefused } from './RememberOffer.js';

type Tab = ShellView['tabs'][number];

/** The only shell UI while apps are showing: it sits above the app views (shellTopHeight: the bar,
 * in a narrow window a row of tabs, a row for a Remember offer while one is open, and one for
 * Display settings while they are open). The
 * app buttons follow the WAI-ARIA tabs pattern: one tab stop, arrows/Home/End move and select,
 * and each tab controls the panel below the bar where its app is shown. */
export function TopBar({ view, send }: { view: ShellView; send: (c: ShellCommand) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const active = view.tabs.find((t) => t.active) ?? view.tabs[0];
  // Open or closed in main (the hosts move the app below the settings row): the view says which.
  const settingsOpen = view.displaySettings === true && !!view.preferences;
  const settingsButton = useRef<HTMLButtonElement>(null);
  const settingsRow = useRef<HTMLDivElement>(null);
  const closing = useRef(false);
  /** The tab moved with Ctrl+Shift+Left/Right keeps focus once the strip comes back in its new order. */
  const movedTab = useRef<string | undefined>(undefined);
  useDisplayPreferences(view.preferences);
  const order = view.tabs.map((t) => t.id).join(' ');
  useEffect(() => {
    const id = movedTab.current;
    if (id) list.current?.querySelector<HTMLElement>(`[data-app="${CSS.escape(id)}"]`)?.focus();
  }, [order]);
  useEffect(() => {
    if (settingsOpen) settingsRow.current?.querySelector<HTMLElement>('[data-autofocus], button:not([disabled])')?.focus();
    else if (closing.current) settingsButton.current?.focus(); // back where the person opened them
    closing.current = false;
  }, [settingsOpen]);
  const openSettings = () => send({ type: 'display-settings', open: true });
  const closeSettings = () => { closing.current = true; send({ type: 'display-settings', open: false }); };

  const moveTo = (tab: Tab | undefined) => {
    if (!tab) return;
    list.current?.querySelector<HTMLElement>(`[data-app="${CSS.escape(tab.id)}"]`)?.focus();
    if (!tab.active) send({ type: 'select-tab', appId: tab.id });
  };
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const n = view.tabs.length;
    const tab = view.tabs[index];
    if (e.ctrlKey && e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && tab) {
      e.preventDefault();
      movedTab.current = tab.id;
      if (!view.preferences?.fixed.includes('tabOrder')) send({ type: 'set-preference', name: 'tabOrder', appId: tab.id, move: e.key === 'ArrowLeft' ? 'left' : 'right' });
      return;
    }
    movedTab.current = undefined;
    const target = e.key === 'ArrowRight' ? view.tabs[(index + 1) % n]
      : e.key === 'ArrowLeft' ? view.tabs[(index - 1 + n) % n]
        : e.key === 'Home' ? view.tabs[0] : e.key === 'End' ? view.tabs[n - 1] : undefined;
    if (!target) return;
    e.preventDefault();
    moveTo(target);
  };

  return (
    <>
      <header className="topbar" aria-keyshortcuts="F6" title="F6 moves between Lanyard's bar and the app" onKeyDown={(e) => { if (settingsOpen && e.key === 'Escape') { e.preventDefault(); closeSettings(); } }}>
        <span className="brand" aria-hidden="true">Lanyard</span>
        <div className="tabs" role="tablist" aria-label="Apps" ref={list}>
          {view.tabs.map((t, i) => (
            <button type="button" role="tab" key={t.id} id={`tab-${t.id}`} aria-selected={t.active} aria-controls="app-panel"
              tabIndex={t.id === active?.id ? 0 : -1} className={t.active ? 'tab active' : 'tab'} aria-keyshortcuts="Control+Shift+ArrowLeft Control+Shift+ArrowRight"
              data-app={t.id} data-loaded={t.loaded ? 'true' : 'false'} {...(t.id === active?.id ? { 'data-autofocus': true } : {})}
              onKeyDown={(e) => onTabKey(e, i)} onClick={() => send({ type: 'select-tab', appId: t.id })}>
              {t.name}{t.loaded ? '' : ' …'}
            </button>
          ))}
        </div>
        {view.idleWarning && (
          <div className="idle-warning" role="alert">Locking in {view.idleWarning.secondsLeft} s — press any key to stay signed in</div>
        )}
        {active?.remembered && (
          <button type="button" className="secondary" onClick={() => send({ type: 'forget-login', appId: active.id })}
            title={`Lanyard stops signing you in to ${active.name} on this PC`}>Forget {active.name} sign-in</button>
        )}
        <p className="who" title={[view.user?.display, view.user?.roleName].filter(Boolean).join(', ')}>
          <span className="visually-hidden">Signed in: </span>
          <span className="user" data-testid="current-user">{view.user?.display}</span>
          {view.user?.roleName && <span className="role-label"><span className="visually-hidden">, </span>{view.user.roleName}</span>}
        </p>
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
        {view.preferences && (
          <button type="button" className="secondary" ref={settingsButton} aria-expanded={settingsOpen} data-testid="display-button"
            onClick={() => (settingsOpen ? closeSettings() : openSettings())} title="Display settings: text size, high contrast and tab order">
            Display
          </button>
        )}
        <button type="button" className="secondary" aria-keyshortcuts="Control+Alt+L" onClick={() => send({ type: 'lock' })} title="Lock now (Ctrl+Alt+L)">Lock</button>
        <button type="button" className="secondary" onClick={() => send({ type: 'logout' })}>Log out</button>
      </header>
      {settingsOpen && view.preferences && (
        <div className="settings-row" ref={settingsRow} onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); closeSettings(); } }}>
          <DisplaySettings preferences={view.preferences} activeTab={active} send={send} close={closeSettings} />
        </div>
      )}
      {(view.rememberOffer || view.rememberRefused) && (
        <div className="offer-row">
          {view.rememberOffer && <RememberOffer offer={view.rememberOffer} send={send} />}
          {view.rememberRefused && <RememberRefused refused={view.rememberRefused} send={send} />}
        </div>
      )}
      <div id="app-panel" className="app-panel" role="tabpanel" aria-labelledby={active ? `tab-${active.id}` : undefined}>
        <p className="visually-hidden">{active ? `${active.name} is shown here.` : 'No app is open.'}</p>
      </div>
    </>
  );
}
