/**
 * What a screen reader user hears when the station locks or logs out, however it happened (Lock,
 * Ctrl+Alt+L, a pulled card, the idle timer): derived from the change between two views, so it
 * needs nothing from main. Pure.
 */
import type { ShellView } from '../main/core/shell-view.js';

export function announcement(previous: ShellView | null, next: ShellView): string | undefined {
  if (previous?.screen !== 'active' || next.screen !== 'locked') return undefined;
  const who = previous.user?.display;
  // The session is kept (suspended) on Lock, and gone on Log out.
  return next.suspended.length > previous.suspended.length
    ? `Locked. ${who ? `${who}'s` : 'Your'} apps are kept: tap your card to carry on.`
    : `Logged out. ${who ? `${who}'s` : 'Your'} apps were closed and nothing of the session is left on this PC.`;
}
