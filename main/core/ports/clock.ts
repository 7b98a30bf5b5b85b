export interface Timer { cancel(): void }

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
}
