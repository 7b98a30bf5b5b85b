import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

function prompt(view: ShellView): string {
  const card = view.methods.includes('smartcard');
  // A key that signs in on the provider's page is offered by the button below, not by a touch.
  const key = view.methods.includes('fido') && !view.keyPage;
  if (!card && view.keyPage) return 'Sign in with your security key';
  // After Lock the card is often still in the reader: "tap your card" would be wrong then.
  if (card && view.cardInReader) return key ? 'Take your card out and tap it again, or touch your fingerprint key' : 'Take your card out and tap it again';
  if (card && key) return 'Tap your smartcard or touch your fingerprint key';
  return key ? 'Touch your fingerprint key' : 'Tap your smartcard';
}

/** `confirmation`: what just happened (Locked / Logged out), shown here and spoken by App's live region. */
export function LockScreen({ view, confirmation, send }: { view: ShellView; confirmation?: string; send: (c: ShellCommand) => void }) {
  return (
    <section className="panel lock" aria-labelledby="screen-title">
      {confirmation && <p className="confirmation" data-testid="confirmation">{confirmation}</p>}
      <p className="station">{view.stationName}</p>
      <h1 id="screen-title">{prompt(view)}</h1>
      <p className="hint">to sign in. Your apps open already signed in.</p>
      {view.keyPage && (view.keyPage.available
        ? <button type="button" className="primary" onClick={() => send({ type: 'key-sign-in' })}>Sign in with your security key</button>
        : <p className="hint">Plug in your security key to sign in with it.</p>)}
      {view.cardService === 'unavailable' && (
        <p className="warning" role="status">Card service not running: card sign-in is unavailable. Lanyard keeps trying; if this stays, call the IT service desk.</p>
      )}
      {view.suspended.length > 0 && (
        <div className="suspended">
          <h2>Locked sessions on this PC</h2>
          <ul>
            {view.suspended.map((name) => <li key={name}>{name} — your card carries on where you left off</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
