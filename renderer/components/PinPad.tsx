import { useEffect, useRef, useState } from 'react';
import type { ShellCommand, ShellMessage, ShellView } from '../../main/core/shell-view.js';

type Pin = NonNullable<ShellView['pin']>;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

function triesText(triesLeft: number): string {
  return triesLeft === 1 ? '1 try left before your card locks.' : `${triesLeft} tries left before your card locks.`;
}

/** The PIN lives here only until it is submitted, then it is wiped. It is never shown. One status
 * line: the latest message (a wrong PIN already says the tries left), else the tries left. */
export function PinPad({ pin, message, send }: { pin: Pin; message: ShellMessage | undefined; send: (c: ShellCommand) => void }) {
  const [digits, setDigits] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { input.current?.focus(); }, [pin.triesLeft, message]);

  const add = (d: string) => setDigits((v) => (v.length < pin.maxLength ? v + d : v));
  const ready = digits.length >= pin.minLength && digits.length <= pin.maxLength;
  const submit = () => {
    if (!ready) return;
    send({ type: 'submit-pin', pin: digits });
    setDigits('');
  };
  const low = pin.triesLeft !== null && pin.triesLeft <= 2;
  const status = message
    ? <p className={`status message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} {...(low ? { 'data-testid': 'tries-left' } : {})}>{message.text}</p>
    : low && <p className="status message-warning" role="status" data-testid="tries-left">{triesText(pin.triesLeft!)}</p>;

  return (
    <section className="panel pin" aria-labelledby="screen-title">
      <div className="pin-entry">
        <h1 id="screen-title">{pin.holder ? <><span className="holder">{pin.holder}</span> — enter your card PIN</> : 'Enter your card PIN'}</h1>
        <p className="hint">{pin.minLength === pin.maxLength ? `${pin.minLength} digits` : `${pin.minLength} to ${pin.maxLength} digits`}. Escape cancels.</p>
        {status}
        <form id="pin-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <label htmlFor="pin-input" className="visually-hidden">PIN</label>
          <input id="pin-input" ref={input} className="pin-input" type="password" inputMode="numeric" autoComplete="off" data-autofocus
            value={digits} maxLength={pin.maxLength} aria-describedby="pin-count"
            onChange={(e) => setDigits(e.target.value.replace(/\D/g, '').slice(0, pin.maxLength))} />
          <p id="pin-count" className="visually-hidden" aria-live="polite">{digits.length} digits entered</p>
        </form>
        <div className="actions">
          <button type="button" className="secondary" aria-keyshortcuts="Escape" onClick={() => { setDigits(''); send({ type: 'cancel' }); }}>Cancel</button>
          <button type="submit" form="pin-form" className="primary" disabled={!ready}>Sign in</button>
        </div>
      </div>
      <div className="keypad" role="group" aria-label="Keypad">
        {KEYS.map((k) => <button type="button" key={k} onClick={() => add(k)}>{k}</button>)}
        <button type="button" onClick={() => setDigits('')}>Clear</button>
        <button type="button" onClick={() => add('0')}>0</button>
        <button type="button" onClick={() => setDigits((v) => v.slice(0, -1))} title="Delete the last digit">Delete</button>
      </div>
    </section>
  );
}
