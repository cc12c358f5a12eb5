import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LimitKeys, LimitsView } from '@restgw/contracts';
import { RateLimiterStore, RedisStateStore } from '@restgw/state';
import { serviceUrls } from '@restgw/testing';
import { LimitsPublisher } from '@restgw/usage';
import { StoreConcurrencySlots } from '../src/concurrency-slots';
import { LimitsMirror } from '../src/limits.mirror';
import { storeRateBudgets } from '../src/rate-budgets';
import { TenantLimiter } from '../src/tenant-limiter';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const view = (accountId: number, over: Partial<LimitsView> = {}): LimitsView => ({ accountId, version: 1, account: {}, stations: {}, quotaExceeded: null, ...over });

/** Limits shared by gateway replicas through the real Redis (each "replica" here has its own connections). */
describe('limits on Redis', () => {
  const prefix = `limits-it-${randomBytes(4).toString('hex')}:`;
  const closers: Array<() => Promise<void>> = [];
  const views = new Map<number, LimitsView>();
  const stateStore = () => {
    const s = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
    closers.push(() => s.close());
    return s;
  };
  const replica = (opts: { slotTtlMs?: number; redisUrl?: string; onStoreError?: (e: Error) => void } = {}) => {
    const budgets = new RateLimiterStore({ redisUrl: opts.redisUrl ?? serviceUrls.redis, keyPrefix: prefix });
    closers.push(() => budgets.close());
    return new TenantLimiter({
      source: { lookup: (id) => views.get(id) },
      defaults: {},
      budgets: storeRateBudgets(budgets),
      slots: new StoreConcurrencySlots(stateStore()),
      slotTtlMs: opts.slotTtlMs ?? 60_000,
      onStoreError: opts.onStoreError,
    });
  };
  const observer = new Redis(serviceUrls.redis, { keyPrefix: prefix });

  afterAll(async () => {
    for (const close of closers) await close();
    const keys = await observer.keys(`${prefix}*`);
    if (keys.length) await observer.del(...keys.map((k) => k.slice(prefix.length)));
    observer.disconnect();
  });

  it('replicas share one budget: of 90 concurrent messages on three replicas, exactly N=30 pass in the second', async () => {
    views.set(1, view(1, { account: { produceMessagesPerSecond: 30 } }));
    const replicas = [replica(), replica(), replica()];
    const outcomes = await Promise.all(Array.from({ length: 90 }, (_, i) => replicas[i % 3].admitProduce(1, 's', 1, 1)));
    expect(outcomes.filter((o) => o === null)).toHaveLength(30);
    const refused = outcomes.filter((o) => o !== null);
    expect(refused.every((r) => r!.limit === 'produce_messages_per_second' && r!.resetSeconds === 1)).toBe(true);
    // One key per account and dimension, under the deployment's prefix.
    expect(await observer.exists('rl:lm:produce_messages_per_second:1')).toBe(1);
    await sleep(1100);
    expect(await replicas[0].admitProduce(1, 's', 1, 1)).toBeNull();
  });

  it('concurrent consume slots are shared by replicas, freed on release, and lapse when a replica dies holding them', async () => {
    views.set(2, view(2, { account: { concurrentConsumes: 2 } }));
    const a = replica();
    const b = replica({ slotTtlMs: 300 });
    const first = await a.admitConsume(2, 's', 10, true);
    const second = await b.admitConsume(2, 's', 10, true); // b "dies" holding it: never released
    expect([first.rejection, second.rejection]).toEqual([null, null]);
    expect((await a.admitConsume(2, 's', 10, true)).rejection).toMatchObject({ limit: 'concurrent_consumes', value: 2 });
    if (!first.rejection) first.done(0);
    await sleep(50);
    const third = await a.admitConsume(2, 's', 10, true);
    expect(third.rejection).toBeNull();
    expect((await a.admitConsume(2, 's', 10, true)).rejection).not.toBeNull();
    await sleep(400); // b's slot lapsed
    expect((await a.admitConsume(2, 's', 10, true)).rejection).toBeNull();
  });

  it('a freed slot is free at once for every replica', async () => {
    views.set(7, view(7, { account: { concurrentConsumes: 1 } }));
    const a = replica();
    const b = replica();
    const first = await a.admitConsume(7, 's', 10, true);
    expect(first.rejection).toBeNull();
    expect((await b.admitConsume(7, 's', 10, true)).rejection).toMatchObject({ limit: 'concurrent_consumes' });
    if (!first.rejection) first.done(0);
    await sleep(20); // done() withdraws without waiting
    expect((await b.admitConsume(7, 's', 10, true)).rejection).toBeNull();
  });

  it('with the budget store unreachable, limits let requests through (they never fail one) and say so', async () => {
    views.set(3, view(3, { account: { requestsPerSecond: 1 } }));
    const errors: Error[] = [];
    const cut = replica({ redisUrl: 'redis://127.0.0.1:1', onStoreError: (e) => errors.push(e) });
    const outcomes = await Promise.all(Array.from({ length: 3 }, () => cut.admitRequest(3, 's')));
    expect(outcomes).toEqual([null, null, null]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('the mirror loads the published views, applies events at once, reloads on republish, and keeps them when the store is emptied', async () => {
    const regionId = `r-${randomBytes(3).toString('hex')}`;
    const publisher = new LimitsPublisher(stateStore());
    await publisher.replaceRegion(regionId, [view(5, { version: 2, account: { requestsPerSecond: 9 } })], []);
    const mirror = new LimitsMirror({ store: stateStore(), regionId, resyncIntervalMs: 60_000 });
    mirror.start();
    try {
      for (let i = 0; i < 50 && !mirror.isLoaded(); i++) await sleep(50);
      expect(mirror.lookup(5)?.account.requestsPerSecond).toBe(9);
      await publisher.publish(regionId, view(5, { version: 3, account: { requestsPerSecond: 4 } }));
      await publisher.publish(regionId, view(6, { version: 1, stations: { s: { concurrentConsumes: 1 } } }));
      await publisher.publish(regionId, view(5, { version: 2, account: { requestsPerSecond: 100 } })); // older: ignored
      for (let i = 0; i < 50 && mirror.lookup(6) === undefined; i++) await sleep(50);
      expect(mirror.lookup(5)?.account.requestsPerSecond).toBe(4);
      expect(mirror.lookup(6)?.stations.s.concurrentConsumes).toBe(1);
      // A complete rewrite drops accounts the control plane no longer publishes.
      await publisher.replaceRegion(regionId, [view(6, { version: 2 })], ['5', '6']);
      for (let i = 0; i < 50 && mirror.lookup(5) !== undefined; i++) await sleep(50);
      expect(mirror.lookup(5)).toBeUndefined();
      // The store restarted empty (no published marker): the last known limits stay.
      await observer.del(LimitKeys.published(regionId), LimitKeys.views(regionId));
      expect(await mirror.resync()).toBe(false);
      expect(mirror.lookup(6)?.version).toBe(2);
    } finally {
      await mirror.stop();
    }
  });
});
