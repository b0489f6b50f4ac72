/** Order statistics for benchmark samples. Pure. */

/** The middle of a set of samples, and how far apart the outermost samples lie. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The `p`-th percentile (0–100) by linear interpolation between the closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new TypeError('samples must not be empty');
  if (!(p >= 0 && p <= 100)) throw new TypeError(`p must be between 0 and 100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = sorted[Math.floor(rank)] ?? Number.NaN;
  const above = sorted[Math.ceil(rank)] ?? Number.NaN;
  return below + (above - below) * (rank - Math.floor(rank));
}

/** Median, minimum and maximum of the samples. */
export function spreadOf(samples: readonly number[]): Spread {
  return {
    median: percentile(samples, 50),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}
