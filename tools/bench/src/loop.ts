import { LatencySamples } from './stats';

export interface LoopOptions {
  concurrency: number;
  durationMs: number;
  /** Upper bound on operations, whatever the duration. */
  maxOps: number;
  /** Stop early after this many failed operations. */
  maxErrors?: number;
}

export interface LoopResult {
  requests: number;
  messages: number;
  bytes: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latencies: LatencySamples;
}

/** What one operation moved: messages and payload bytes. */
export interface OpResult {
  messages: number;
  bytes: number;
  /** End the loop after this operation (counted). */
  stop?: boolean;
}

/**
 * A closed loop: `concurrency` workers each run `op` back to back until the
 * duration ends or maxOps were started. Latency is per operation.
 */
export async function closedLoop(opts: LoopOptions, op: (i: number) => Promise<OpResult>): Promise<LoopResult> {
  const latencies = new LatencySamples(Math.min(opts.maxOps, 2_000_000));
  const maxErrors = opts.maxErrors ?? 20;
  const r: LoopResult = { requests: 0, messages: 0, bytes: 0, errors: 0, elapsedMs: 0, latencies };
  let started = 0;
  let stopped = false;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const worker = async () => {
    while (!stopped && started < opts.maxOps && performance.now() < end && r.errors < maxErrors) {
      const i = started++;
      const s = performance.now();
      try {
        const done = await op(i);
        latencies.add(performance.now() - s);
        r.requests++;
        r.messages += done.messages;
        r.bytes += done.bytes;
        if (done.stop) stopped = true;
      } catch (e) {
        r.errors++;
        r.firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  r.elapsedMs = performance.now() - t0;
  return r;
}
