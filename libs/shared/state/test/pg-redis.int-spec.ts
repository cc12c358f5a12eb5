import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PgRedis } from '../src';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';

/**
 * PgRedis answers the commands restgw sends the way Redis does: every case
 * runs the same commands on the real Redis and on PgRedis and compares the
 * replies (ioredis's reply shapes, since the callers are written against it).
 */
describe('PgRedis answers like Redis for the commands restgw uses', () => {
  let db: TestDatabase;
  const prefix = `pgredis-${randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  let pg: PgRedis;
  const clients: Array<{ disconnect(): void }> = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    redis = new Redis(serviceUrls.redis, { keyPrefix: prefix });
    pg = new PgRedis(db.url, { keyPrefix: prefix });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    redis.disconnect();
    pg.disconnect();
    for (const c of clients) c.disconnect();
    await db.drop();
  });

  /** Runs the script on both and expects equal replies. */
  async function same<T>(script: (c: Redis) => Promise<T>): Promise<T> {
    const expected = await script(redis);
    const actual = await script(pg as unknown as Redis);
    expect(actual).toEqual(expected);
    return actual;
  }

  it('hashes: hset, hget, hgetall, hkeys, hdel (also in MULTI)', async () => {
    const replies = await same(async (c) => [
      await c.hset('h', 'a', '1'),
      await c.hset('h', 'a', '2'),
      await c.hset('h', 'b', 'x'),
      await c.hget('h', 'a'),
      await c.hget('h', 'missing'),
      await c.hgetall('h'),
      (await c.hkeys('h')).sort(),
      await c.hdel('h', 'a', 'nope'),
      await c.multi().hdel('h', 'b').hset('h', 'c', '3').hgetall('h').exec(),
      await c.hgetall('empty'),
    ]);
    expect(replies[5]).toEqual({ a: '2', b: 'x' });
  });

  it('sets and sorted sets: sadd, srem, smembers, zadd, zremrangebyscore, zrange WITHSCORES', async () => {
    await same(async (c) => [
      await c.sadd('s', '1'),
      await c.sadd('s', '1'),
      await c.sadd('s', '2'),
      (await c.smembers('s')).sort(),
      await c.srem('s', '1'),
      await c.smembers('s'),
      await c.multi().zadd('z', 2000, 'b').zadd('z', 1000, 'a').zadd('z', 3000, 'c').zremrangebyscore('z', '-inf', 1500).exec(),
      await c.multi().zrange('z', '0', '-1', 'WITHSCORES').smembers('s').exec(),
    ]);
  });

  it('counters with a time to live: get, ttl, incr, expire NX, del', async () => {
    const replies = await same(async (c) => [
      await c.multi().get('n').ttl('n').exec(),
      await c.multi().incr('n').expire('n', 100, 'NX').exec(),
      await c.multi().incr('n').expire('n', 5, 'NX').exec(), // NX: the first expiry stays
      await c.multi().get('n').ttl('n').exec(),
      await c.del('n'),
      await c.get('n'),
    ]);
    expect(replies[3]).toEqual([
      [null, '2'],
      [null, 100],
    ]);
  });

  it('expires a counter after its time to live', async () => {
    await same(async (c) => {
      await c.multi().incr('short').expire('short', 1, 'NX').exec();
      await new Promise((r) => setTimeout(r, 2100));
      return [await c.get('short'), await c.ttl('short'), await c.incr('short'), await c.ttl('short')];
    });
  });

  it('publish reaches a subscriber on duplicate() with the channel name, small and large payloads', async () => {
    const channel = `${prefix}events`;
    const got: Array<[string, string]> = [];
    const sub = pg.duplicate();
    clients.push(sub);
    sub.on('message', (ch: string, payload: string) => got.push([ch, payload]));
    await sub.subscribe(channel);
    const large = JSON.stringify({ definition: 'x'.repeat(20_000) });
    await pg.publish(channel, '{"kind":"user"}');
    await pg.publish(`${prefix}other`, 'not for us');
    await pg.publish(channel, large);
    const deadline = Date.now() + 5000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual([
      [channel, '{"kind":"user"}'],
      [channel, large],
    ]);
  });

  it('keeps keys under the keyPrefix apart', async () => {
    const other = new PgRedis(db.url, { keyPrefix: 'another:' });
    clients.push(other);
    await pg.hset('shared', 'f', 'mine');
    expect(await other.hgetall('shared')).toEqual({});
  });
});
