import { cpuPer10k, LatencySamples, percentile, rates, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('picks the smallest value with at least p% of samples at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 99.9)).toBe(100);
    expect(percentile(hundred, 1)).toBe(1);
  });

  it('handles the edges: empty, one sample, 0 and 100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([7], 99.9)).toBe(7);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('p99.9 of 10,000 samples is the 9,990th', () => {
    const s = Float64Array.from({ length: 10_000 }, (_, i) => i);
    expect(percentile(s, 99.9)).toBe(9989);
  });
});

describe('LatencySamples', () => {
  it('sorts numerically and drops samples past its capacity', () => {
    const l = new LatencySamples(3);
    [10, 2, 33, 4].forEach((v) => l.add(v));
    expect(l.count).toBe(3);
    expect(Array.from(l.sorted())).toEqual([2, 10, 33]);
    expect(summarize(l.sorted())).toEqual({ p50: 10, p99: 33, p999: 33, max: 33, samples: 3 });
  });
});

describe('rates and CPU', () => {
  it('derives per-second figures from counts and elapsed time', () => {
    expect(rates({ requests: 50, messages: 500, bytes: 2_000_000, elapsedMs: 2000 })).toEqual({ messagesPerSec: 250, requestsPerSec: 25, mbPerSec: 1 });
    expect(rates({ requests: 1, messages: 1, bytes: 1, elapsedMs: 0 }).messagesPerSec).toBe(0);
  });

  it('scales CPU seconds to 10,000 messages', () => {
    expect(cpuPer10k(2, 20_000)).toBe(1);
    expect(cpuPer10k(null, 5)).toBeNull();
    expect(cpuPer10k(1, 0)).toBeNull();
  });
});
