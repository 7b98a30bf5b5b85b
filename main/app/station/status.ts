/** What the station says on screen besides its sessions: the current message, the idle countdown,
 * the card service. Messages are scoped to where they were said (buildView drops a session's
 * messages from the lock screen). */
import type { ShellMessage } from '../../core/shell-view.js';
import type { ShellTransition } from '../../core/shell-view-transition.js';

export class StationStatus {
  message: ShellMessage | undefined;
  idleSeconds: number | undefined;
  cardService: 'ok' | 'unavailable' = 'ok';
  /** The last time a session in front was locked or logged out (frontTransition). */
  transition: ShellTransition | undefined;
  /** The session whose person has Display settings open (gone with a lock, log out or switch). */
  settingsFor: string | undefined;

  constructor(private readonly sessionInFront: () => boolean, notice?: ShellMessage) {
    this.message = notice;
  }

  say(kind: ShellMessage['kind'], text: string): void {
    this.message = { kind, text, scope: this.sessionInFront() ? 'session' : 'station' };
  }

  /** The idle countdown; `firstWarning` runs once per countdown (its audit line). */
  idleWarning(secondsLeft: number, firstWarning: () => void): void {
    if (this.idleSeconds === undefined) firstWarning();
    this.idleSeconds = secondsLeft;
  }

  clear(): void {
    this.message = undefined;
  }
}

/** The sentence an error carries for people, or `fallback`. */
export function errorText(error: unknown, fallback: string): string {
  const text = (error as { userMessage?: unknown } | null)?.userMessage;
  return typeof text === 'string' && text ? text : fallback;
}
