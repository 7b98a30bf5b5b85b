import { useEffect, useState } from 'react';
import type { ShellApi, ShellView } from '../main/core/shell-view.js';
import { LockScreen } from './components/LockScreen.js';
import { PinPad } from './components/PinPad.js';
import { RolePicker } from './components/RolePicker.js';
import { TopBar } from './components/TopBar.js';
import { Message } from './components/Message.js';
import { DemoPanel } from './components/DemoPanel.js';
import { Busy } from './components/Busy.js';

export function App({ api }: { api: ShellApi }) {
  const [view, setView] = useState<ShellView | null>(null);

  useEffect(() => {
    const off = api.onView(setView);
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

  if (!view) return <main className="screen centre"><p>Starting Lanyard…</p></main>;
  const send = (c: Parameters<ShellApi['send']>[0]) => void api.send(c);

  return (
    <div className={`shell screen-${view.screen}`} data-screen={view.screen}>
      {view.screen === 'active' ? (
        <TopBar view={view} send={send} />
      ) : (
        <main className="screen centre" aria-labelledby="screen-title">
          {view.message && <Message message={view.message} />}
          {view.screen === 'locked' && <LockScreen view={view} />}
          {view.screen === 'reading-card' && <Busy title="Reading your card…" />}
          {view.screen === 'signing-in' && <Busy title="Signing you in…" />}
          {view.screen === 'pin' && view.pin && <PinPad pin={view.pin} send={send} />}
          {view.screen === 'choose-role' && view.roles && <RolePicker roles={view.roles} user={view.user} send={send} />}
          {view.screen === 'fatal' && <h1 id="screen-title">Lanyard cannot start</h1>}
        </main>
      )}
      {view.screen === 'active' && view.message && <div className="bar-message"><Message message={view.message} /></div>}
      {view.demo && view.screen !== 'fatal' && view.screen !== 'active' && <DemoPanel demo={view.demo} send={send} />}
    </div>
  );
}
