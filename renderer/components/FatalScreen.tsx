import type { ShellView } from '../../main/core/shell-view.js';

/** Lanyard will not run on this PC: say so in words a clinician can act on; the detail is for IT. */
export function FatalScreen({ view }: { view: ShellView }) {
  const notSetUp = view.fatal?.reason === 'not-set-up';
  return (
    <section className="panel fatal">
      <h1 id="screen-title">{notSetUp ? 'Lanyard is not set up on this PC yet' : 'This PC\'s Lanyard settings are wrong — call the IT service desk'}</h1>
      {/* Nothing reaches IT by itself: the person at the PC is the one who can tell them. */}
      <p className="hint">{notSetUp ? 'Ask the IT service desk to set it up.' : 'Nobody can sign in here until IT fixes them. Use another PC, and tell the IT service desk: the details for them are below.'}</p>
      {view.message && (
        <details className="detail">
          <summary>Details for IT</summary>
          <p>{view.message.text}</p>
        </details>
      )}
    </section>
  );
}
