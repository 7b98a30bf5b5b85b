/** Demo mode's station controls: the shell's demo panel taps and pulls the software cards and
 * touches the virtual key. Wired only at the composition root, only in demo mode. */
import type { DemoControls } from './station/deps.js';
import type { RunningDemo } from './demo.js';

export function demoControls(demo: RunningDemo): DemoControls {
  const readers = demo.cards.readers;
  return {
    command(command) {
      switch (command.type) {
        case 'demo-tap': readers.insert(command.cardId); return true;
        case 'demo-pull': readers.remove(command.cardId); return true;
        case 'demo-touch': demo.keys.touch('match'); return true;
        default: return false;
      }
    },
    cards: () => readers.list(),
    keys: () => [{ id: demo.keys.key.id, label: demo.keys.key.label }],
    touchKeys: () => demo.keys.touch('match'),
    provisionedAccounts: (userId) => demo.legacyAccounts(userId),
  };
}
