/**
 * What a screen reader user hears when the station locks or logs out, however it happened (Lock,
 * Ctrl+Alt+L, a pulled card, the idle timer): said from the transition main ran (view.lastTransition),
 * never guessed from the lock screen's list of kept sessions. Pure.
 */
import type { ShellView } from '../main/core/shell-view.js';

export function announcement(previous: ShellView | null, next: ShellView): string | undefined {
  const done = next.lastTransition;
  if (previous?.screen !== 'active' || next.screen !== 'locked' || !done) return undefined;
  const whose = done.who ?? previous.user?.display;
  return done.kind === 'locked'
    ? `Locked. ${whose ? `${whose}'s` : 'Your'} apps are kept: tap your card to carry on.`
    : `Logged out. ${whose ? `${whose}'s` : 'Your'} apps were closed and nothing of the session is left on this PC.`;
}
