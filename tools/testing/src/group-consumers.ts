/** One consume answer as a test client received it. */
export interface ReceivedBatch {
  /** Order of arrival over all consumers of the run. */
  seq: number;
  consumer: string;
  replica: string;
  at: number;
  messages: string[];
}

export interface GroupRunOptions {
  /** Base URLs of the live replicas; each request goes to a random one (read per request). */
  urls: () => string[];
  token: string;
  station: string;
  group: string;
  consumers: number;
  /** Stop once this many distinct messages arrived. */
  expected: number;
  /** Give up after this long (the result then has fewer distinct messages). */
  timeoutMs: number;
  batchSize?: number;
  waitMs?: number;
  /** Stop also when this holds (checked before each request). */
  stopWhen?: (run: GroupRun) => boolean;
  /** Called after each non-empty batch (tests act mid-stream from here). */
  onBatch?: (batch: ReceivedBatch, run: GroupRun) => void;
}

export interface GroupRun {
  batches: ReceivedBatch[];
  /** Message -> how often it arrived. */
  counts: Map<string, number>;
  /** Requests that failed (connection refused, 5xx) and were retried elsewhere. */
  errors: number;
  requests: number;
  startedAt: number;
  finishedAt: number;
}

/**
 * Consumers of one group polling random replicas over plain HTTP like any
 * Memphis client: each asks again right after a batch arrives (which
 * acknowledges it), retries another replica when one fails. Bounded by
 * `expected` and `timeoutMs`.
 */
export async function runGroupConsumers(o: GroupRunOptions): Promise<GroupRun> {
  const run: GroupRun = { batches: [], counts: new Map(), errors: 0, requests: 0, startedAt: Date.now(), finishedAt: 0 };
  const deadline = run.startedAt + o.timeoutMs;
  const done = () => run.counts.size >= o.expected || Date.now() > deadline || (o.stopWhen?.(run) ?? false);
  const consumer = async (name: string) => {
    while (!done()) {
      const urls = o.urls();
      const replica = urls[Math.floor(Math.random() * urls.length)];
      run.requests++;
      let messages: Array<{ message: string }>;
      try {
        const res = await fetch(`${replica}/stations/${o.station}/consume/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ consumer_name: name, consumer_group: o.group, batch_size: o.batchSize ?? 100, batch_max_wait_time_ms: o.waitMs ?? 2000 }),
          signal: AbortSignal.timeout((o.waitMs ?? 2000) + 30_000),
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`${res.status} ${text}`);
        if (res.status !== 200) throw Object.assign(new Error(`consume -> ${res.status} ${text}`), { fatal: true });
        messages = JSON.parse(text);
      } catch (e) {
        if ((e as { fatal?: boolean }).fatal) throw e;
        run.errors++;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (messages.length === 0) continue;
      const batch: ReceivedBatch = { seq: run.batches.length, consumer: name, replica, at: Date.now(), messages: messages.map((m) => m.message) };
      run.batches.push(batch);
      for (const m of batch.messages) run.counts.set(m, (run.counts.get(m) ?? 0) + 1);
      o.onBatch?.(batch, run);
    }
  };
  await Promise.all(Array.from({ length: o.consumers }, (_, i) => consumer(`${o.group}-c${i + 1}`)));
  run.finishedAt = Date.now();
  return run;
}

/** Messages that arrived more than once. */
export function duplicatesOf(run: GroupRun): string[] {
  return [...run.counts].filter(([, n]) => n > 1).map(([m]) => m);
}

/** Longest pause between two non-empty batches that arrived after `from` (ms since epoch). */
export function longestGapAfter(run: GroupRun, from: number): number {
  let last = from;
  let gap = 0;
  for (const b of run.batches) {
    if (b.at < from) continue;
    gap = Math.max(gap, b.at - last);
    last = b.at;
  }
  return gap;
}
