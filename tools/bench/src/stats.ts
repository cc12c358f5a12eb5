/** Pure measurement helpers: latency samples, percentiles, rates. */

/** A bounded buffer of latency samples in milliseconds (drops samples past its capacity). */
export class LatencySamples {
  private readonly values: Float64Array;
  private n = 0;

  constructor(capacity = 2_000_000) {
    this.values = new Float64Array(capacity);
  }

  add(ms: number): void {
    if (this.n < this.values.length) this.values[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.n).sort();
  }
}

/**
 * Nearest-rank percentile (p in 0..100) of ascending-sorted values: the
 * smallest value such that at least p% of the samples are <= it. NaN when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 100) return sorted[sorted.length - 1];
  // The epsilon keeps float noise (0.999 * 10000 = 9990.000000000002) from skipping a rank.
  const rank = Math.ceil((p / 100) * sorted.length - 1e-9);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  p50: number;
  p99: number;
  p999: number;
  max: number;
  samples: number;
}

export function summarize(sorted: ArrayLike<number>): LatencySummary {
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    samples: sorted.length,
  };
}

export interface Counts {
  requests: number;
  messages: number;
  /** Payload bytes (message bodies only, not HTTP framing). */
  bytes: number;
  elapsedMs: number;
}

export interface Rates {
  messagesPerSec: number;
  requestsPerSec: number;
  mbPerSec: number;
}

export function rates(c: Counts): Rates {
  const s = c.elapsedMs / 1000;
  if (s <= 0) return { messagesPerSec: 0, requestsPerSec: 0, mbPerSec: 0 };
  return { messagesPerSec: c.messages / s, requestsPerSec: c.requests / s, mbPerSec: c.bytes / s / 1_000_000 };
}

/** CPU seconds per 10,000 messages (or null when nothing was measured). */
export function cpuPer10k(cpuSeconds: number | null, messages: number): number | null {
  if (cpuSeconds === null || messages <= 0) return null;
  return (cpuSeconds / messages) * 10_000;
}
