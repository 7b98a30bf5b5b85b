/** Distribution of repeated measurements, in milliseconds: benchmarks report these, never one run. */
export interface Distribution { n: number; min: number; p50: number; p90: number; p99: number; max: number; mean: number }

export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: sorted.length, min: round(sorted[0]!), p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)),
    max: round(sorted.at(-1)!), mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

/** Runs `fn` `n` times (after `warmup` unmeasured runs) and returns the distribution of its duration. */
export async function measure(n: number, fn: () => Promise<unknown> | unknown, warmup = 2): Promise<Distribution> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return distribution(samples);
}
