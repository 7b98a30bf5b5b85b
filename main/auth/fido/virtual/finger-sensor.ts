/**
 * The simulated fingerprint sensor. `setFinger` is what rests on the sensor from now on ('none'
 * means the key waits, sending "touch your key" keepalives); `touch` presents a finger once, for
 * the next request only (demo mode's "touch" button).
 */
export type Finger = 'match' | 'mismatch' | 'none';

export class FingerSensor {
  private resting: Finger;
  private once: Exclude<Finger, 'none'> | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(initial: Finger) { this.resting = initial; }

  get finger(): Finger { return this.resting; }

  set(finger: Finger): void {
    this.resting = finger;
    this.wake();
  }

  touch(finger: Exclude<Finger, 'none'> = 'match'): void {
    this.once = finger;
    this.wake();
  }

  /** Resolves the finger presented, null on timeout or abort. */
  async await(timeoutMs: number, signal: AbortSignal): Promise<Exclude<Finger, 'none'> | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (signal.aborted) return null;
      if (this.once) {
        const f = this.once;
        this.once = null;
        return f;
      }
      if (this.resting !== 'none') return this.resting;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        signal.addEventListener('abort', done);
        this.waiters.add(done);
      });
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
