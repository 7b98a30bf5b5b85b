import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

/** Demo mode only: stands in for a reader and a fingerprint key on a PC that has neither. Each
 * card keeps one button whose label and action follow the card, so keyboard focus stays put. */
export function DemoPanel({ demo, send }: { demo: NonNullable<ShellView['demo']>; send: (c: ShellCommand) => void }) {
  return (
    <aside className="demo-panel" aria-label="Demo reader">
      <h2>Demo mode — software cards, not real staff cards</h2>
      <ul>
        {demo.cards.map((c) => (
          <li key={c.id}>
            <span>{c.label}</span>
            <button type="button" onClick={() => send(c.inserted ? { type: 'demo-pull', cardId: c.id } : { type: 'demo-tap', cardId: c.id })}>
              {c.inserted ? 'Pull' : 'Tap'} {c.label}
            </button>
          </li>
        ))}
        {demo.keys.map((k) => (
          <li key={k.id}>
            <span>{k.label}</span>
            <button type="button" onClick={() => send({ type: 'demo-touch', keyId: k.id })}>Touch {k.label}</button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
