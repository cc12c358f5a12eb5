import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** What a replica takes from the shared budget at once, as a share of the limit (1 below 20 per second: exact). */
export const LOCAL_SHARE = 0.05;

export type Reservation = { granted: number; msBeforeNext?: undefined } | { granted: 0; msBeforeNext: number };

interface Held {
  /** Points taken from the shared budget and not used yet. */
  points: number;
  /** When the shared window they belong to ends (epoch ms). */
  until: number;
}

/**
 * One limit (a dimension at one value) of every key, shared by a region's
 * replicas through a rate-limiter-flexible budget (fixed one-second windows),
 * with a replica-local share in front of it: a replica takes LOCAL_SHARE of
 * the limit from the store at once and serves requests from it until it runs
 * out or the window ends, so a busy limited account costs about 1/LOCAL_SHARE
 * store calls per window and replica instead of one per request. The price:
 * what a replica took and did not use by the window's end is lost for that
 * window (at most LOCAL_SHARE of the limit per replica); never more than the
 * limit passes. Once the store says the window is used up, this replica
 * refuses from memory until it ends.
 */
export class SharedBudget {
  private readonly held = new Map<string, Held>();
  private readonly exhausted = new Map<string, number>();
  private readonly taking = new Map<string, Promise<void>>();
  private readonly share: number;
  /** Keys seen (accounts, stations with overrides); windows that ended are swept beyond this many. */
  private static readonly SWEEP_ABOVE = 10_000;

  constructor(
    private readonly store: RateLimiterAbstract,
    readonly value: number,
  ) {
    this.share = Math.max(1, Math.ceil(value * LOCAL_SHARE));
  }

  /**
   * At least `min` and at most `max` points for `key` in the current window,
   * or when none can be had, how long until the window ends. Store failures
   * reject (the caller decides).
   */
  async reserve(key: string, min: number, max: number): Promise<Reservation> {
    for (;;) {
      const now = Date.now();
      const closedUntil = this.exhausted.get(key);
      if (closedUntil !== undefined) {
        if (closedUntil > now) return { granted: 0, msBeforeNext: closedUntil - now };
        this.exhausted.delete(key);
      }
      const h = this.held.get(key);
      if (h && h.until > now && h.points >= min) {
        const granted = Math.min(max, h.points);
        h.points -= granted;
        return { granted };
      }
      const pending = this.taking.get(key);
      if (pending) {
        await pending; // one store call per key at a time; then look again
        continue;
      }
      let outcome: Reservation | undefined;
      const run = this.take(key, min, max).then((r) => {
        outcome = r;
      });
      this.taking.set(key, run);
      try {
        await run;
      } finally {
        this.taking.delete(key);
      }
      return outcome!;
    }
  }

  /** Points reserved and not used (a request refused by another limit): kept for this window's next requests. */
  giveBack(key: string, points: number): void {
    const h = this.held.get(key);
    if (points > 0 && h && h.until > Date.now()) h.points += points;
  }

  /** The budget of `key` is known used up for this window: how long until it ends (0: not known to be). */
  closedFor(key: string): number {
    const until = this.exhausted.get(key);
    return until === undefined ? 0 : Math.max(0, until - Date.now());
  }

  /**
   * Counts `points` already spent (messages delivered: they cannot be
   * refused), from this replica's share first, else from the store with a
   * new share; when that overruns the window, exactly `points` stay counted
   * and the budget is closed here until the window ends. Store failures reject.
   */
  async charge(key: string, points: number): Promise<void> {
    if (points <= 0) return;
    const now = Date.now();
    const h = this.held.get(key);
    const mine = h && h.until > now ? h.points : 0;
    if (mine >= points) {
      h!.points -= points;
      return;
    }
    const need = points - mine;
    const want = Math.max(need, Math.min(this.value, this.share));
    try {
      const res = await this.store.consume(key, want);
      this.sweep();
      this.held.set(key, { points: want - need, until: Date.now() + res.msBeforeNext });
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      if (want > need) await this.store.reward(key, want - need);
      this.close(key, e.msBeforeNext);
    }
  }

  private async take(key: string, min: number, max: number): Promise<Reservation> {
    const now = Date.now();
    const h = this.held.get(key);
    const leftover = h && h.until > now ? h.points : 0;
    // Enough for this request and a share for the next ones (never beyond the limit).
    const want = Math.min(this.value, Math.max(max, this.share));
    try {
      const res = await this.store.consume(key, want);
      return this.keep(key, leftover + want, res.msBeforeNext, min, max);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // Not that much left: give it back and take only what remains, if enough.
      await this.store.reward(key, want);
      const left = Math.min(max, this.value - (e.consumedPoints - want));
      if (left >= min) {
        try {
          const res = await this.store.consume(key, left);
          return this.keep(key, leftover + left, res.msBeforeNext, min, max);
        } catch (e2) {
          if (!(e2 instanceof RateLimiterRes)) throw e2;
          await this.store.reward(key, left);
          return this.close(key, e2.msBeforeNext);
        }
      }
      return this.close(key, e.msBeforeNext);
    }
  }

  private keep(key: string, points: number, msBeforeNext: number, min: number, max: number): Reservation {
    const granted = Math.min(max, points);
    this.sweep();
    this.held.set(key, { points: points - granted, until: Date.now() + msBeforeNext });
    if (granted < min) return { granted: 0, msBeforeNext };
    return { granted };
  }

  private close(key: string, msBeforeNext: number): Reservation {
    this.held.delete(key);
    this.sweep();
    this.exhausted.set(key, Date.now() + msBeforeNext);
    return { granted: 0, msBeforeNext };
  }

  private sweep(): void {
    if (this.held.size + this.exhausted.size < SharedBudget.SWEEP_ABOVE) return;
    const now = Date.now();
    for (const [k, h] of this.held) if (h.until <= now) this.held.delete(k);
    for (const [k, until] of this.exhausted) if (until <= now) this.exhausted.delete(k);
  }
}
