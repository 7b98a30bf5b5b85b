import { useEffect, useRef, useState } from 'react';
import type { ShellApi, ShellView } from '../main/core/shell-view.js';
import { LockScreen } from './components/LockScreen.js';
import { PinPad } from './components/PinPad.js';
import { RolePicker } from './components/RolePicker.js';
import { TopBar } from './components/TopBar.js';
import { PatientBanner } from './components/PatientBanner.js';
import { BarMessage, Message } from './components/Message.js';
import { DemoPanel } from './components/DemoPanel.js';
import { Busy } from './components/Busy.js';
import { KeyPageWait } from './components/KeyPageWait.js';
import { FatalScreen } from './components/FatalScreen.js';
import { announcement } from './announce.js';
import { focusFirst } from './focus.js';

export function App({ api }: { api: ShellApi }) {
  const [view, setView] = useState<ShellView | null>(null);
  const [spoken, setSpoken] = useState('');
  const previous = useRef<ShellView | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const off = api.onView((next) => {
      const said = announcement(previous.current, next);
      if (said) setSpoken(said);
      else if (next.screen !== 'locked') setSpoken('');
      previous.current = next;
      setView(next);
    });
    void api.send({ type: 'ready' });
    return off;
  }, [api]);

  // Any input in the shell counts as activity for the idle lock (cheaply throttled).
  useEffect(() => {
    let last = 0;
    const onInput = () => {
      const now = Date.now();
      if (now - last > 1000) { last = now; void api.send({ type: 'activity' }); }
    };
    window.addEventListener('keydown', onInput);
    window.addEventListener('pointerdown', onInput);
    return () => { window.removeEventListener('keydown', onInput); window.removeEventListener('pointerdown', onInput); };
  }, [api]);

  const screen = view?.screen;
  const keyPageOpen = view?.keyPage?.running === true;
  // Escape backs out of the PIN pad and the role picker; Ctrl+Alt+L locks from anywhere in the shell.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && (screen === 'pin' || screen === 'choose-role' || (screen === 'signing-in' && keyPageOpen))) { e.preventDefault(); void api.send({ type: 'cancel' }); }
      if (e.ctrlKey && e.altKey && e.key.toLowerCase() === 'l' && screen === 'active') { e.preventDefault(); void api.send({ type: 'lock' }); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, screen, keyPageOpen]);

  // A new screen puts focus on its first control.
  useEffect(() => {
    if (screen && root.current) focusFirst(root.current);
  }, [screen]);

  const send = (c: Parameters<ShellApi['send']>[0]) => void api.send(c);
  const live = <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">{spoken}</div>;
  if (!view) return <main className="screen centre"><p>Starting Lanyard…</p></main>;

  // The same rule as hasOfferRow in main/core/shell-view.ts: the host puts the app below this row.
  const offerRow = view.screen === 'active' && (view.rememberOffer !== undefined || view.rememberRefused !== undefined);
  // And hasSettingsRow: Display settings in their own row.
  const settingsRow = view.screen === 'active' && view.displaySettings === true && view.preferences !== undefined;
  return (
    <div ref={root} className={`shell screen-${view.screen}${offerRow ? ' has-offer' : ''}${settingsRow ? ' has-settings' : ''}`} data-screen={view.screen}>
      {view.screen === 'active' ? (
        <><PatientBanner view={view} send={send} /><TopBar view={view} send={send} /></>
      ) : (
        <main className="screen centre" aria-labelledby="screen-title">
          {view.message && view.screen !== 'pin' && view.screen !== 'fatal' && <Message message={view.message} />}
          {view.screen === 'locked' && <LockScreen view={view} confirmation={spoken} send={send} />}
          {view.screen === 'reading-card' && <Busy title="Reading your card…" />}
          {view.screen === 'signing-in' && (view.keyPage?.running ? <KeyPageWait send={send} /> : <Busy title="Signing you in…" />)}
          {view.screen === 'pin' && view.pin && <PinPad pin={view.pin} message={view.message} send={send} />}
          {view.screen === 'choose-role' && view.roles && <RolePicker roles={view.roles} user={view.user} preferences={view.preferences} send={send} />}
          {view.screen === 'fatal' && <FatalScreen view={view} />}
        </main>
      )}
      {view.screen === 'active' && view.message && <BarMessage message={view.message} send={send} />}
      {view.demo && view.screen !== 'fatal' && view.screen !== 'active' && <DemoPanel demo={view.demo} send={send} />}
      {live}
    </div>
  );
}
