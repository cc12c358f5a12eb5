import { randomUUID } from 'node:crypto';
import { dimensionName, LimitsView, RateDimension } from '@restgw/contracts';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ConcurrencySlots } from './concurrency-slots';
import { activeQuotaBlock, EffectiveLimit, effectiveLimit, LimitDefaults } from './limits-view';
import { SharedBudget } from './shared-budget';

/** A budget of `points` per second in one dimension (rate-limiter-flexible: Redis across replicas, or memory). */
export type RateBudgetFactory = (dimension: RateDimension, points: number) => Promise<RateLimiterAbstract>;

/** Why a request is refused, with what the 429 (or 413) answer says. */
export interface LimitRejection {
  /** The limit's name as operators set it: `produce_messages_per_second`, ..., `monthly_messages_quota`, `monthly_bytes_quota`. */
  limit: string;
  /** The limit's value (per second, concurrent requests, or per month). */
  value: number;
  /** Seconds until the budget refills (Retry-After, RateLimit-Reset). */
  resetSeconds: number;
  /** The request alone is larger than the limit: waiting does not help (413, not 429). */
  neverFits: boolean;
  message: string;
}

export interface LimitsSource {
  lookup(accountId: number): LimitsView | undefined;
}

export interface TenantLimiterOptions {
  source: LimitsSource;
  defaults: LimitDefaults;
  budgets: RateBudgetFactory;
  slots: ConcurrencySlots;
  /** How long a concurrency slot outlives a replica that died holding it (the longest consume request). */
  slotTtlMs: number;
  /** A budget store failure lets the request through (limits never fail a request); this hears of it. */
  onStoreError?: (error: Error) => void;
}

/** An admitted consume request: at most maxRecords messages; done() with what was delivered here counts it and frees the slot. */
export type ConsumeAdmission = { rejection: LimitRejection } | { rejection: null; maxRecords: number; done: (delivered: number) => void };

const NOTHING_TO_RETURN = () => undefined;
const MAX_BUDGETS = 10_000;

/**
 * Enforces an account's rate limits, station overrides and monthly quota on
 * the gateway's hot path. An account with no limit set costs a map lookup.
 * Budgets are rate-limiter-flexible's fixed one-second windows, shared by
 * every replica through the region's Redis; each replica takes a share of a
 * budget at once (SharedBudget), so a limited account costs a store call per
 * share, not per request.
 */
export class TenantLimiter {
  private readonly budgets = new Map<string, Promise<SharedBudget>>();
  private readonly noDefaults: boolean;

  constructor(private readonly opts: TenantLimiterOptions) {
    this.noDefaults = Object.values(opts.defaults).every((v) => !v);
  }

  /**
   * A produce request of `messages` messages and `bytes` payload bytes: the
   * monthly quota, then requests/s, messages/s and bytes/s. null when
   * admitted (synchronously when nothing limits the account).
   */
  admitProduce(accountId: number, station: string, messages: number, bytes: number): Promise<LimitRejection | null> | null {
    const view = this.opts.source.lookup(accountId);
    if (!view && this.noDefaults) return null;
    const block = activeQuotaBlock(view, Date.now());
    if (block) {
      const unit = block.quota === 'monthly_messages' ? 'messages' : 'bytes';
      return Promise.resolve({
        limit: `${block.quota}_quota`,
        value: block.limit,
        resetSeconds: secondsUntil(Date.parse(block.resetsAt)),
        neverFits: false,
        message: `Monthly quota of ${block.limit} ${unit} produced is used up for this account; produce is refused until ${block.resetsAt}`,
      });
    }
    const takes: Array<[EffectiveLimit, number]> = [];
    this.add(takes, view, accountId, station, 'requestsPerSecond', 1);
    this.add(takes, view, accountId, station, 'produceMessagesPerSecond', messages);
    this.add(takes, view, accountId, station, 'produceBytesPerSecond', bytes);
    return takes.length ? this.takeAll(takes, station) : null;
  }

  /** Any other station request (consume/ack): requests/s only. */
  admitRequest(accountId: number, station: string): Promise<LimitRejection | null> | null {
    const view = this.opts.source.lookup(accountId);
    if (!view && this.noDefaults) return null;
    const takes: Array<[EffectiveLimit, number]> = [];
    this.add(takes, view, accountId, station, 'requestsPerSecond', 1);
    return takes.length ? this.takeAll(takes, station) : null;
  }

  /**
   * A consume request wanting up to `wanted` messages. Where it enters the
   * region (`entry`): requests/s, and a concurrency slot. Wherever it is:
   * refused while this replica knows the second's consume messages/s budget
   * is used up; the batch is cut to the limit. done(delivered) counts what was
   * delivered here against that budget (a forwarded request delivers nothing
   * here: the owner counts it) and frees the slot. A long poll waiting for
   * messages holds no budget.
   */
  async admitConsume(accountId: number, station: string, wanted: number, entry: boolean): Promise<ConsumeAdmission> {
    const view = this.opts.source.lookup(accountId);
    if (!view && this.noDefaults) return { rejection: null, maxRecords: wanted, done: NOTHING_TO_RETURN };
    if (entry) {
      const request = this.admitRequest(accountId, station);
      const refused = request && (await request);
      if (refused) return { rejection: refused };
    }

    let maxRecords = wanted;
    let count: (delivered: number) => void = NOTHING_TO_RETURN;
    const rate = effectiveLimit(view, this.opts.defaults, accountId, station, 'consumeMessagesPerSecond');
    if (rate) {
      try {
        const budget = await this.budget(rate);
        const closedMs = budget.closedFor(rate.key);
        if (closedMs > 0) return { rejection: this.rejection(rate, station, closedMs) };
        maxRecords = Math.min(wanted, rate.value);
        count = (delivered) => void budget.charge(rate.key, delivered).catch((e: unknown) => this.storeError(e));
      } catch (e) {
        this.storeError(e);
      }
    }

    const concurrency = entry ? effectiveLimit(view, this.opts.defaults, accountId, station, 'concurrentConsumes') : null;
    if (!concurrency) return { rejection: null, maxRecords, done: count };
    const slotId = randomUUID();
    const taken = await this.opts.slots.enter(concurrency.key, slotId, concurrency.value, this.opts.slotTtlMs).catch((e: Error) => {
      this.opts.onStoreError?.(e);
      return true; // fail open, as with rates
    });
    if (!taken) return { rejection: this.rejection(concurrency, station, 1000) };
    let finished = false;
    const done = (delivered: number) => {
      if (finished) return;
      finished = true;
      count(delivered);
      this.opts.slots.leave(concurrency.key, slotId).catch((e: Error) => this.opts.onStoreError?.(e));
    };
    return { rejection: null, maxRecords, done };
  }

  private add(takes: Array<[EffectiveLimit, number]>, view: LimitsView | undefined, accountId: number, station: string, d: RateDimension, points: number): void {
    if (points <= 0) return;
    const limit = effectiveLimit(view, this.opts.defaults, accountId, station, d);
    if (limit) takes.push([limit, points]);
  }

  private async takeAll(takes: Array<[EffectiveLimit, number]>, station: string): Promise<LimitRejection | null> {
    for (const [limit, points] of takes) {
      if (points > limit.value) return this.tooLarge(limit, station, points);
    }
    const results = await Promise.all(takes.map(([limit, points]) => this.take(limit, points, station)));
    const refused = results.find((r) => r.rejection)?.rejection ?? null;
    // Refused: what the other limits granted goes back, except the request itself (it was made).
    if (refused) for (const r of results) if (!r.rejection && r.limit.dimension !== 'requestsPerSecond') r.giveBack();
    return refused;
  }

  private async take(limit: EffectiveLimit, points: number, station: string): Promise<{ limit: EffectiveLimit; rejection: LimitRejection | null; giveBack: () => void }> {
    try {
      const budget = await this.budget(limit);
      const r = await budget.reserve(limit.key, points, points);
      if (r.msBeforeNext !== undefined) return { limit, rejection: this.rejection(limit, station, r.msBeforeNext), giveBack: NOTHING_TO_RETURN };
      return { limit, rejection: null, giveBack: () => budget.giveBack(limit.key, points) };
    } catch (e) {
      this.storeError(e);
      return { limit, rejection: null, giveBack: NOTHING_TO_RETURN };
    }
  }

  /** One shared budget per dimension and value (rate-limiter-flexible's limit is per instance), made once. */
  private budget(limit: EffectiveLimit): Promise<SharedBudget> {
    const id = `${limit.dimension}:${limit.value}`;
    let budget = this.budgets.get(id);
    if (!budget) {
      if (this.budgets.size >= MAX_BUDGETS) this.budgets.clear();
      budget = this.opts.budgets(limit.dimension, limit.value).then((store) => new SharedBudget(store, limit.value));
      budget.catch(() => this.budgets.delete(id)); // made again next time
      this.budgets.set(id, budget);
    }
    return budget;
  }

  private rejection(limit: EffectiveLimit, station: string, msBeforeNext: number): LimitRejection {
    const name = dimensionName(limit.dimension);
    const resetSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    const what = limit.dimension === 'concurrentConsumes' ? `${limit.value} concurrent consume requests` : `${limit.value} ${unitOf(limit.dimension)} per second`;
    return {
      limit: name,
      value: limit.value,
      resetSeconds,
      neverFits: false,
      message: `Rate limit ${name} exceeded: ${what} for ${scopeOf(limit, station)}; retry after ${resetSeconds} s`,
    };
  }

  private tooLarge(limit: EffectiveLimit, station: string, points: number): LimitRejection {
    const name = dimensionName(limit.dimension);
    return {
      limit: name,
      value: limit.value,
      resetSeconds: 1,
      neverFits: true,
      message: `This request holds ${points} ${unitOf(limit.dimension)}, more than the rate limit ${name} of ${limit.value} per second for ${scopeOf(limit, station)}; send smaller batches`,
    };
  }

  private storeError(e: unknown): void {
    this.opts.onStoreError?.(e instanceof Error ? e : new Error(String(e)));
  }
}

function unitOf(d: RateDimension): string {
  if (d === 'produceBytesPerSecond') return 'bytes';
  if (d === 'requestsPerSecond') return 'requests';
  return 'messages';
}

function scopeOf(limit: EffectiveLimit, station: string): string {
  return limit.scope === 'station' ? `station ${station}` : 'this account';
}

function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil((ms - Date.now()) / 1000));
}
