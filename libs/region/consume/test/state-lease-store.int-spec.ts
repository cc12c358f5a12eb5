import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisStateStore } from '@restgw/state';
import { StateLeaseStore } from '../src/state-lease-store';
import { serviceUrls } from '@restgw/testing';

/** Consumer-group leases on the real Redis, under a key prefix of their own (both stores' lease semantics: libs/shared/state's comparison test). */
describe('StateLeaseStore', () => {
  const prefix = `lease-it-${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(serviceUrls.redis, { keyPrefix: prefix }); // an independent observer
  const state = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
  const store = new StateLeaseStore(state, 'aws-r1');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    redis.disconnect();
    await state.close();
  });

  it('gives a lease to one holder at a time; only the holder renews or releases it; it lapses', async () => {
    const ttl = 1_500; // long enough for a loaded machine between two calls
    expect(await store.acquire('g', 'a', ttl)).toBe('a');
    expect(await store.acquire('g', 'b', ttl)).toBe('a');
    expect(await redis.get('consume:aws-r1:owner:g')).toBe('a'); // under the store's key prefix, per region
    expect(await store.renew('g', 'b', ttl)).toBe(false);
    expect(await store.renew('g', 'a', ttl)).toBe(true);
    await store.release('g', 'b');
    expect(await store.holder('g')).toBe('a');
    await sleep(ttl + 300);
    expect(await store.holder('g')).toBeNull();
    expect(await store.renew('g', 'a', ttl)).toBe(true); // lapsed and free (e.g. Redis restarted empty): its holder takes it again
    await redis.del('consume:aws-r1:owner:g');
    expect(await store.acquire('g', 'b', 5_000)).toBe('b');
    expect(await store.renew('g', 'a', ttl)).toBe(false);
    await store.release('g', 'b');
    expect(await store.holder('g')).toBeNull();
  });

  it('lets exactly one of many concurrent contenders win', async () => {
    const holders = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquire('race', `r${i}`, 5_000)));
    expect(new Set(holders).size).toBe(1);
  });

  it('lists live replicas until they withdraw or stop announcing', async () => {
    await store.announce('x', 5_000);
    await store.announce('y', 200);
    expect((await store.members()).sort()).toEqual(['x', 'y']);
    await sleep(300);
    expect(await store.members()).toEqual(['x']);
    await store.withdraw('x');
    expect(await store.members()).toEqual([]);
  });
});
