import type { ShellView } from '../../main/core/shell-view.js';

export function LockScreen({ view }: { view: ShellView }) {
  const prompt = view.methods.includes('smartcard') && view.methods.includes('fido')
    ? 'Tap your smartcard or touch your fingerprint key'
    : view.methods.includes('fido') ? 'Touch your fingerprint key' : 'Tap your smartcard';
  return (
    <section className="panel lock" aria-label="Locked">
      <p className="station">{view.stationName}</p>
      <h1 id="screen-title">{prompt}</h1>
      <p className="hint">to sign in. Your apps open already signed in.</p>
      {view.cardService === 'unavailable' && (
        <p className="warning" role="status">Card service not running: card sign-in is unavailable. Lanyard keeps trying; if this stays, call the IT service desk.</p>
      )}
      {view.suspended.length > 0 && (
        <div className="suspended">
          <h2>Locked sessions on this PC</h2>
          <ul>
            {view.suspended.map((name) => <li key={name}>{name} — tap your card to carry on where you left off</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
