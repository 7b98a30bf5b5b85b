/**
 * Idle lock: warns `warningSeconds` before locking, counting down once a second; any activity
 * cancels the warning and starts over. Time comes from the Clock so tests can drive it.
 */
import type { Clock, Timer } from '../ports/clock.js';

export interface IdleEvents {
  warn(secondsLeft: number): void;
  /** Activity after a warning: the countdown is gone. */
  cancelled(): void;
  timeout(): void;
}

export class IdleWatch {
  private timer: Timer | undefined;
  private warning = false;
  private deadline = 0;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutSeconds: number,
    private readonly warningSeconds: number,
    private readonly events: IdleEvents,
  ) {}

  /** (Re)starts watching: call when a session becomes active and on every input. */
  activity(): void {
    if (this.timeoutSeconds <= 0) return;
    const wasWarning = this.warning;
    this.stop();
    if (wasWarning) this.events.cancelled();
    this.deadline = this.clock.now() + this.timeoutSeconds * 1000;
    const warnIn = Math.max(0, (this.timeoutSeconds - this.warningSeconds) * 1000);
    this.timer = this.clock.setTimeout(() => this.tick(), warnIn);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.warning = false;
  }

  private tick(): void {
    const left = this.deadline - this.clock.now();
    if (left <= 0) {
      this.stop();
      this.events.timeout();
      return;
    }
    this.warning = true;
    this.events.warn(Math.ceil(left / 1000));
    this.timer = this.clock.setTimeout(() => this.tick(), Math.min(1000, left));
  }
}
