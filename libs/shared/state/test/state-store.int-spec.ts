import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PgStateStore, Read, RedisStateStore, StateStore, Write } from '../src';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';

/**
 * Both StateStore implementations answer alike: every case runs the same
 * operations on RedisStateStore (a real Redis) and on PgStateStore and
 * compares the replies.
 */
describe('StateStore: PostgreSQL answers like Redis for every operation restgw uses', () => {
  let db: TestDatabase;
  const prefix = `state-${randomBytes(4).toString('hex')}:`;
  let redis: RedisStateStore;
  let pg: PgStateStore;
  const stores: StateStore[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    redis = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
    pg = new PgStateStore({ url: db.url, keyPrefix: prefix });
    stores.push(redis, pg);
  });
  afterAll(async () => {
    const observer = new Redis(serviceUrls.redis);
    const keys = await observer.keys(`${prefix}*`);
    if (keys.length) await observer.del(...keys);
    observer.disconnect();
    for (const s of stores) await s.close();
    await db.drop();
  });

  /** Runs the script on both and expects equal replies. */
  async function same<T>(script: (s: StateStore) => Promise<T>): Promise<T> {
    const expected = await script(redis);
    const actual = await script(pg);
    expect(actual).toEqual(expected);
    return actual;
  }

  it('hashes: hset, hget, hgetall, hkeys, hdel, in atomic batches', async () => {
    const replies = await same(async (s) => {
      await s.write([Write.hset('h', 'a', '1'), Write.hset('h', 'a', '2'), Write.hset('h', 'b', 'x')]);
      const first = await s.read({ a: Read.hget('h', 'a'), missing: Read.hget('h', 'missing'), all: Read.hgetall('h'), keys: Read.hkeys('h') });
      first.keys.sort();
      await s.write([Write.hdel('h', 'a', 'nope'), Write.hdel('h'), Write.hset('h', 'c', '3')]);
      return [first, await s.read({ all: Read.hgetall('h'), empty: Read.hgetall('empty') })];
    });
    expect(replies[0]).toEqual({ a: '2', missing: null, all: { a: '2', b: 'x' }, keys: ['a', 'b'] });
    expect(replies[1]).toEqual({ all: { b: 'x', c: '3' }, empty: {} });
  });

  it('sets and sorted sets: sadd, srem, smembers, del, zadd, zremBelow, zrangeWithScores', async () => {
    const replies = await same(async (s) => {
      await s.write([Write.sadd('s', '1', '2'), Write.sadd('s', '1'), Write.sadd('s')]);
      const before = (await s.read({ m: Read.smembers('s') })).m.sort();
      await s.write([Write.srem('s', '1'), Write.zadd('z', 2000, 'b'), Write.zadd('z', 1000, 'a'), Write.zadd('z', 3000, 'c'), Write.zadd('z', 3000, 'bb')]);
      await s.write([Write.zremBelow('z', 1500)]);
      const after = await s.read({ z: Read.zrangeWithScores('z'), m: Read.smembers('s') });
      await s.write([Write.del('s'), Write.del('z')]);
      return [before, after, await s.read({ z: Read.zrangeWithScores('z'), m: Read.smembers('s') })];
    });
    expect(replies[1]).toEqual({ z: [['b', 2000], ['bb', 3000], ['c', 3000]], m: ['2'] });
  });

  it('counters with a time to live and markers: get, ttl, incr, expireNx, set, del', async () => {
    const replies = await same(async (s) => {
      const absent = await s.read({ n: Read.get('n'), ttl: Read.ttl('n') });
      await s.write([Write.incr('n'), Write.expireNx('n', 100)]);
      await s.write([Write.incr('n'), Write.expireNx('n', 5)]); // NX: the first expiry stays
      const counted = await s.read({ n: Read.get('n'), ttl: Read.ttl('n') });
      await s.write([Write.set('marker', 'gen-1')]);
      const marker = await s.read({ m: Read.get('marker'), ttl: Read.ttl('marker') });
      await s.write([Write.del('n')]);
      return [absent, counted, marker, await s.read({ n: Read.get('n') })];
    });
    expect(replies).toEqual([{ n: null, ttl: -2 }, { n: '2', ttl: 100 }, { m: 'gen-1', ttl: -1 }, { n: null }]);
  });

  it('expires a counter after its time to live', async () => {
    await same(async (s) => {
      await s.write([Write.incr('short'), Write.expireNx('short', 1)]);
      await sleep(2100);
      const gone = await s.read({ n: Read.get('short'), ttl: Read.ttl('short') });
      await s.write([Write.incr('short')]);
      return [gone, await s.read({ n: Read.get('short'), ttl: Read.ttl('short') })];
    });
  });

  it('leases: one holder at a time, only the holder renews or releases, they lapse, a free one is renewed by taking it again', async () => {
    const ttl = 1_500; // long enough for a loaded machine between two calls
    const replies = await same(async (s) => [
      await s.acquireLease('g', 'a', ttl),
      await s.acquireLease('g', 'b', ttl),
      await s.renewLease('g', 'b', ttl),
      await s.renewLease('g', 'a', ttl),
      await s.releaseLease('g', 'b'),
      await s.leaseHolder('g'),
      await sleep(ttl + 300),
      await s.leaseHolder('g'),
      await s.renewLease('g', 'a', ttl), // lapsed and free: its holder takes it again
      await s.releaseLease('g', 'a'),
      await s.acquireLease('g', 'b', 5_000),
      await s.renewLease('g', 'a', ttl),
      await s.releaseLease('g', 'b'),
      await s.leaseHolder('g'),
    ]);
    expect(replies).toEqual(['a', 'a', false, true, undefined, 'a', undefined, null, true, undefined, 'b', false, undefined, null]);
  });

  it('leases: exactly one of many concurrent contenders wins', async () => {
    for (const s of stores) {
      const holders = await Promise.all(Array.from({ length: 20 }, (_, i) => s.acquireLease('race', `r${i}`, 5_000)));
      expect(new Set(holders).size).toBe(1);
    }
  });

  it('lapsing members: listed until withdrawn or not announced again', async () => {
    await same(async (s) => {
      await s.announceMember('live', 'x', 5_000);
      await s.announceMember('live', 'y', 200);
      const both = (await s.liveMembers('live')).sort();
      await sleep(300);
      const one = await s.liveMembers('live');
      await s.withdrawMember('live', 'x');
      return [both, one, await s.liveMembers('live')];
    });
  });

  it('lapsing members with a limit: enterMember takes a place unless the limit is reached, refreshes a member, frees lapsed places', async () => {
    const replies = await same(async (s) => {
      const first = [await s.enterMember('slots', 'a', 2, 5_000), await s.enterMember('slots', 'b', 2, 200), await s.enterMember('slots', 'c', 2, 5_000)];
      const again = await s.enterMember('slots', 'a', 2, 5_000); // a member is in, whatever the count
      await sleep(300); // b lapsed
      const afterLapse = await s.enterMember('slots', 'c', 2, 5_000);
      const full = await s.enterMember('slots', 'd', 2, 5_000);
      await s.withdrawMember('slots', 'a');
      return [first, again, afterLapse, full, await s.enterMember('slots', 'd', 2, 5_000), (await s.liveMembers('slots')).sort()];
    });
    expect(replies).toEqual([[true, true, false], true, true, false, true, ['c', 'd']]);
  });

  it('lapsing members with a limit: of many concurrent entrants exactly `limit` get in', async () => {
    for (const s of stores) {
      const got = await Promise.all(Array.from({ length: 20 }, (_, i) => s.enterMember('crowd', `e${i}`, 3, 5_000)));
      expect(got.filter(Boolean)).toHaveLength(3);
      expect(await s.liveMembers('crowd')).toHaveLength(3);
    }
  });

  it('publish reaches subscribers of the channel only, small and large payloads', async () => {
    for (const s of stores) {
      const channel = `${prefix}events`;
      const got: string[] = [];
      const other: string[] = [];
      await s.subscribe(channel, { message: (p) => got.push(p) });
      await s.subscribe(`${prefix}other`, { message: (p) => other.push(p) });
      const large = JSON.stringify({ definition: 'x'.repeat(20_000) });
      await s.publish(channel, '{"kind":"user"}');
      await s.publish(`${prefix}nobody`, 'not for us');
      await s.publish(channel, large);
      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) await sleep(50);
      expect(got).toEqual(['{"kind":"user"}', large]);
      expect(other).toEqual([]);
    }
  });

  it('keeps keys under the keyPrefix apart', async () => {
    const otherPg = new PgStateStore({ url: db.url, keyPrefix: 'another:' });
    const otherRedis = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: `another-${prefix}` });
    stores.push(otherPg, otherRedis);
    await same(async (s) => {
      await s.write([Write.hset('shared', 'f', 'mine')]);
      return s.read({ h: Read.hgetall('shared') });
    });
    expect(await otherPg.read({ h: Read.hgetall('shared') })).toEqual({ h: {} });
    expect(await otherRedis.read({ h: Read.hgetall('shared') })).toEqual({ h: {} });
  });
});
