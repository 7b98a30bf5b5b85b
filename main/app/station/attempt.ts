/**
 * One sign-in or resume in front of the station: its own id and AbortSignal. Whatever it obtains on
 * the way (tokens, a browsing partition, keychain entries) is held here until the session takes it
 * over; an attempt that is cancelled (card pulled, lock, another tap) gives it all back at once, and
 * anything that arrives after that is given back the moment it arrives.
 */
import type { PresentedCard } from '../card-watcher.js';
import type { RoleChoice } from '../sign-in-types.js';

export type AttemptPhase = 'pin' | 'signing-in' | 'choose-role';

let nextAttemptId = 1;

export class Attempt {
  readonly id = nextAttemptId++;
  readonly #abort = new AbortController();
  #held: (() => Promise<unknown>)[] = [];
  triesLeft: number | null = null;
  roleChoice: RoleChoice | undefined;

  constructor(readonly sessionId: string, public phase: AttemptPhase, readonly card?: PresentedCard) {}

  get signal(): AbortSignal { return this.#abort.signal; }
  get live(): boolean { return !this.#abort.signal.aborted; }

  /** Something to give back if the attempt is abandoned; given back at once if it already was. */
  hold(release: () => Promise<unknown>, onError: (error: unknown) => void): void {
    if (this.live) this.#held.push(release);
    else release().catch(onError);
  }

  /** The session took over what the attempt held: nothing to give back any more. */
  handOver(): void {
    this.#held = [];
  }

  /** Aborts the work in flight and gives back what it held. Resolves when all is given back. */
  cancel(onError: (error: unknown) => void): Promise<void> {
    this.#abort.abort(new AttemptCancelled());
    const held = this.#held.reverse();
    this.#held = [];
    return Promise.all(held.map((release) => release().catch(onError))).then(() => undefined);
  }
}

export class AttemptCancelled extends Error {
  readonly code = 'cancelled';
  constructor() { super('the sign-in was abandoned'); }
}
