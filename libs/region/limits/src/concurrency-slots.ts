import type { StateStore } from '@restgw/state';
import { LOCAL_SHARE } from './shared-budget';

/**
 * Slots for requests in progress (concurrent consume long-polls), shared by a
 * region's gateway replicas. A slot lapses after its time to live, so a
 * replica that dies without freeing its slots holds them no longer than
 * the longest request could last.
 */
export interface ConcurrencySlots {
  /** Takes a slot under `key` unless `limit` are taken; true when taken. */
  enter(key: string, slotId: string, limit: number, ttlMs: number): Promise<boolean>;
  leave(key: string, slotId: string): Promise<void>;
}

/** One process (local profile): slot ids with their expiry per key. */
export class MemoryConcurrencySlots implements ConcurrencySlots {
  private readonly taken = new Map<string, Map<string, number>>();

  async enter(key: string, slotId: string, limit: number, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    let slots = this.taken.get(key);
    if (!slots) this.taken.set(key, (slots = new Map()));
    for (const [id, until] of slots) if (until <= now) slots.delete(id);
    if (slots.size >= limit) return false;
    slots.set(slotId, now + ttlMs);
    return true;
  }

  async leave(key: string, slotId: string): Promise<void> {
    const slots = this.taken.get(key);
    if (!slots) return;
    slots.delete(slotId);
    if (slots.size === 0) this.taken.delete(key);
  }
}

/**
 * Slots in the region's state store, as lapsing members (the store's clock
 * decides when one lapsed). Taking one is a single atomic step in the store
 * (enterMember: one round trip, where announce-then-count took two), so
 * replicas racing for the last slot get it exactly once. A slot is withdrawn
 * as soon as its request ends, so another replica can take it at once.
 */
export class StoreConcurrencySlots implements ConcurrencySlots {
  constructor(
    private readonly store: Pick<StateStore, 'enterMember' | 'withdrawMember'>,
    private readonly namespace = 'lm:concurrent_consumes:',
  ) {}

  enter(key: string, slotId: string, limit: number, ttlMs: number): Promise<boolean> {
    return this.store.enterMember(this.namespace + key, slotId, limit, ttlMs);
  }

  async leave(key: string, slotId: string): Promise<void> {
    await this.store.withdrawMember(this.namespace + key, slotId);
  }
}

/**
 * A replica-local share in front of shared slots, as SharedBudget does for
 * rates: a replica serves up to LOCAL_SHARE of a limit (rounded down, so limits
 * below 20 stay exact) from memory without a store call, and only requests
 * beyond that share take a slot in the store. Taking and freeing a store slot
 * costs two round trips per consume request (15-21% of the gateway's CPU per
 * consumed message at batch 100); the price is that a region may run up to
 * LOCAL_SHARE of the limit per replica above it. Local slots need no time to
 * live: they die with the process.
 */
export class LocalShareConcurrencySlots implements ConcurrencySlots {
  private readonly local = new Map<string, Set<string>>();

  constructor(private readonly shared: ConcurrencySlots) {}

  enter(key: string, slotId: string, limit: number, ttlMs: number): Promise<boolean> {
    const share = Math.floor(limit * LOCAL_SHARE);
    const mine = this.local.get(key);
    if ((mine?.size ?? 0) < share) {
      if (mine) mine.add(slotId);
      else this.local.set(key, new Set([slotId]));
      return Promise.resolve(true);
    }
    return this.shared.enter(key, slotId, limit, ttlMs);
  }

  leave(key: string, slotId: string): Promise<void> {
    const mine = this.local.get(key);
    if (!mine?.delete(slotId)) return this.shared.leave(key, slotId);
    if (mine.size === 0) this.local.delete(key);
    return Promise.resolve();
  }
}
