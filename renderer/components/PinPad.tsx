import { useEffect, useRef, useState } from 'react';
import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

type Pin = NonNullable<ShellView['pin']>;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The PIN lives here only until it is submitted, then it is wiped. It is never shown. */
export function PinPad({ pin, send }: { pin: Pin; send: (c: ShellCommand) => void }) {
  const [digits, setDigits] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { input.current?.focus(); }, [pin.triesLeft]);

  const add = (d: string) => setDigits((v) => (v.length < pin.maxLength ? v + d : v));
  const ready = digits.length >= pin.minLength && digits.length <= pin.maxLength;
  const submit = () => {
    if (!ready) return;
    send({ type: 'submit-pin', pin: digits });
    setDigits('');
  };

  return (
    <section className="panel pin" aria-label="Enter PIN">
      <h1 id="screen-title">Enter your card PIN</h1>
      <p className="hint">{pin.minLength === pin.maxLength ? `${pin.minLength} digits` : `${pin.minLength} to ${pin.maxLength} digits`}</p>
      {pin.triesLeft !== null && pin.triesLeft <= 2 && (
        <p className="warning" role="status" data-testid="tries-left">
          {pin.triesLeft === 1 ? '1 try left before your card locks.' : `${pin.triesLeft} tries left before your card locks.`}
        </p>
      )}
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <label htmlFor="pin-input" className="visually-hidden">PIN</label>
        <input id="pin-input" ref={input} className="pin-input" type="password" inputMode="numeric" autoComplete="off"
          value={digits} maxLength={pin.maxLength} aria-describedby="pin-count"
          onChange={(e) => setDigits(e.target.value.replace(/\D/g, '').slice(0, pin.maxLength))} />
        <p id="pin-count" className="visually-hidden" aria-live="polite">{digits.length} digits entered</p>
        <div className="keypad" role="group" aria-label="Keypad">
          {KEYS.map((k) => <button type="button" key={k} onClick={() => add(k)}>{k}</button>)}
          <button type="button" onClick={() => setDigits('')} aria-label="Clear">Clear</button>
          <button type="button" onClick={() => add('0')}>0</button>
          <button type="button" onClick={() => setDigits((v) => v.slice(0, -1))} aria-label="Delete last digit">⌫</button>
        </div>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => { setDigits(''); send({ type: 'cancel' }); }}>Cancel</button>
          <button type="submit" className="primary" disabled={!ready}>Sign in</button>
        </div>
      </form>
    </section>
  );
}
