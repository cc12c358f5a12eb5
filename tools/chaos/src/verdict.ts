import type { Observations, StatusCounts } from './workload';

/** What a scenario needs to call itself recovered, after the fault's last action (restoredAt). */
export type Signal = 'produce' | 'consume' | 'login';

export interface FaultTiming {
  /** When the fault was injected. */
  faultAt: number;
  /** When the faulty part was back (restarted), or the fault itself for a kill nobody needs to undo. */
  restoredAt: number;
  /** What must work again after restoredAt; the recovery is the time until all of them did. */
  needs: Signal[];
  /** Messages a consumer took and abandoned: recovered once live members received all of them. */
  abandoned?: { at: number; messages: string[] };
}

export interface Limits {
  /** Duplicate deliveries this scenario may cause (docs/operations.md, delivery guarantee). */
  maxDuplicates: number;
  maxRecoverySeconds: number;
  /** A consume answer may come this much later than its batch_max_wait_time_ms. */
  maxConsumeOverrunMs: number;
}

export interface Verdict {
  acknowledged: number;
  lost: number;
  duplicates: number;
  /** Non-200 answers by request kind and status (0: no answer). */
  errors: { produce: StatusCounts; consume: StatusCounts; login: StatusCounts };
  recoverySeconds: number;
  consumeOverrunMs: number;
  failures: string[];
}

/**
 * The issue's failure rules: any acknowledged message lost, duplicates beyond
 * the documented bound, any 5xx other than 503, any 401/403 for a valid
 * token or valid credentials, recovery over the limit, and a consume answer
 * later than its wait plus the documented margin.
 */
export function judge(seen: Observations, timing: FaultTiming, limits: Limits): Verdict {
  const lost = [...seen.acknowledged].filter((m) => !seen.received.has(m)).length;
  let duplicates = 0;
  for (const n of seen.received.values()) duplicates += n - 1;
  const errors = { produce: nonOk(seen.produce), consume: nonOk(seen.consume), login: nonOk(seen.login) };
  const recoverySeconds = recovery(seen, timing) / 1000;
  const failures: string[] = [];
  if (lost > 0) failures.push(`${lost} acknowledged message(s) lost`);
  if (duplicates > limits.maxDuplicates) failures.push(`${duplicates} duplicate(s), bound ${limits.maxDuplicates}`);
  for (const [kind, counts] of Object.entries(errors)) {
    for (const [status, n] of Object.entries(counts)) {
      const code = Number(status);
      if (code >= 500 && code !== 503) failures.push(`${n} ${kind} answer(s) ${code}`);
      if (code === 401 || code === 403) failures.push(`${n} ${kind} answer(s) ${code} for valid credentials`);
    }
  }
  if (!(recoverySeconds <= limits.maxRecoverySeconds)) failures.push(`recovery ${Number.isFinite(recoverySeconds) ? `${recoverySeconds.toFixed(1)} s` : 'never'} > ${limits.maxRecoverySeconds} s`);
  if (seen.maxConsumeOverrunMs > limits.maxConsumeOverrunMs) failures.push(`a consume answer came ${seen.maxConsumeOverrunMs} ms after its wait (margin ${limits.maxConsumeOverrunMs} ms)`);
  return { acknowledged: seen.acknowledged.size, lost, duplicates, errors, recoverySeconds, consumeOverrunMs: seen.maxConsumeOverrunMs, failures };
}

function nonOk(counts: StatusCounts): StatusCounts {
  return Object.fromEntries(Object.entries(counts).filter(([status]) => status !== '200'));
}

/** Milliseconds from restoredAt until every needed signal succeeded again (Infinity: one never did). */
export function recovery(seen: Observations, timing: FaultTiming): number {
  const firstAfter = (times: number[]) => times.find((t) => t >= timing.restoredAt);
  let done = timing.restoredAt;
  const sources: Record<Signal, number[]> = { produce: seen.produceOkAt, consume: seen.consumeOkAt, login: seen.loginOkAt };
  for (const signal of timing.needs) {
    const at = firstAfter(sources[signal]);
    if (at === undefined) return Infinity;
    done = Math.max(done, at);
  }
  let ms = done - timing.restoredAt;
  if (timing.abandoned) {
    const times = timing.abandoned.messages.map((m) => seen.firstReceivedAt.get(m));
    if (times.some((t) => t === undefined)) return Infinity;
    ms = Math.max(ms, Math.max(...(times as number[])) - timing.abandoned.at);
  }
  return ms;
}
