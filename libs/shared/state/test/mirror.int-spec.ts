import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Mirror, PgStateStore, Read, RedisStateStore, StateStore, stateStoreSource, Write } from '../src';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';

type Entries = Map<string, string>;
type Change = { field: string; value: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * The mirror mechanism on both real stores: a hash published with a marker,
 * changes announced on a channel after each write (the way the control plane
 * publishes access state and station directories).
 */
describe.each([
  ['Redis', 'redis'],
  ['PostgreSQL', 'pg'],
] as const)('Mirror on the %s state store', (_name, kind) => {
  let db: TestDatabase | undefined;
  const prefix = `mirror-it-${randomBytes(4).toString('hex')}:`;
  const connectionName = `mirror-it-${randomBytes(4).toString('hex')}`;
  let writer: StateStore;
  let reader: StateStore;
  let mirror: Mirror<Entries, Entries, Change>;
  /** Runs inside the next load, between its read and its return (null: nothing). */
  let duringLoad: (() => Promise<void>) | null = null;
  const channel = `${prefix}entries:events`;

  const publish = async (field: string, value: string) => {
    await writer.write([Write.hset('entries', field, value)]);
    await writer.publish(channel, JSON.stringify({ field, value }));
  };

  beforeAll(async () => {
    if (kind === 'pg') {
      db = await createTestDatabase({ migrate: false });
      writer = new PgStateStore({ url: db.url, keyPrefix: prefix });
      reader = new PgStateStore({ url: db.url, keyPrefix: prefix });
    } else {
      writer = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
      reader = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix, connectionName });
    }
    await writer.write([Write.hset('entries', 'a', '1')]); // no marker yet
    mirror = new Mirror<Entries, Entries, Change>({
      name: `entries (${kind})`,
      logger: { warn: () => undefined, log: () => undefined },
      reloadIntervalMs: 60_000, // reloads happen when the test (or a resubscribe) asks
      bootRetryMs: 100,
      source: stateStoreSource({
        store: reader,
        channel,
        load: async (s) => {
          const r = await s.read({ marker: Read.get('entries:published'), entries: Read.hgetall('entries') });
          const hook = duringLoad;
          duringLoad = null;
          await hook?.();
          return r.marker ? new Map(Object.entries(r.entries)) : null;
        },
        parse: (payload) => (payload === 'republished' ? 'reload' : (JSON.parse(payload) as Change)),
      }),
      adopt: (snapshot) => snapshot,
      apply: (state, change) => void state.set(change.field, change.value),
    });
    mirror.start();
  });

  afterAll(async () => {
    await mirror.stop();
    await reader.close();
    await writer.close();
    if (db) await db.drop();
    else {
      const observer = new Redis(serviceUrls.redis);
      const keys = await observer.keys(`${prefix}*`);
      if (keys.length) await observer.del(...keys);
      observer.disconnect();
    }
  });

  it('is not loaded while the store holds no marker, and loads once it is published', async () => {
    await sleep(300); // several boot attempts
    expect(mirror.isLoaded()).toBe(false);
    await writer.write([Write.set('entries:published', 'gen-1')]);
    await writer.publish(channel, 'republished');
    await eventually(() => mirror.isLoaded());
    expect(mirror.state).toEqual(new Map([['a', '1']]));
  });

  it('applies an announced change at once', async () => {
    await publish('b', '2');
    await eventually(() => mirror.state?.get('b') === '2', 2_000);
  });

  it('replays a change announced while a reload was reading, so the older snapshot does not undo it', async () => {
    duringLoad = async () => {
      await publish('c', 'written-after-the-read');
      await eventually(() => mirror.state?.get('c') === 'written-after-the-read', 2_000);
    };
    expect(await mirror.reload()).toBe('loaded');
    expect(mirror.state?.get('c')).toBe('written-after-the-read');
    expect(await mirror.reload()).toBe('loaded'); // and the next snapshot has it anyway
    expect(mirror.state?.get('c')).toBe('written-after-the-read');
  });

  it('keeps the last known state when the store is emptied (no marker), while changes still apply', async () => {
    await writer.write([Write.del('entries'), Write.del('entries:published')]);
    expect(await mirror.reload()).toBe('incomplete');
    expect(mirror.state?.get('a')).toBe('1');
    await publish('d', '4');
    await eventually(() => mirror.state?.get('d') === '4', 2_000);
    expect(await mirror.reload()).toBe('incomplete');
    expect(mirror.state?.get('d')).toBe('4');
    expect(mirror.state?.get('b')).toBe('2');
  });

  it('reloads after its subscriber connection was cut and re-made, picking up what it missed', async () => {
    await writer.write([Write.set('entries:published', 'gen-2'), Write.hset('entries', 'a', '1')]);
    expect(await mirror.reload()).toBe('loaded');
    await cutSubscriber();
    await writer.write([Write.hset('entries', 'missed', 'yes')]); // no announcement: only a reload finds it
    await eventually(() => mirror.state?.get('missed') === 'yes', 10_000);
    await publish('after', 'reconnect');
    await eventually(() => mirror.state?.get('after') === 'reconnect', 2_000);
  });

  async function cutSubscriber(): Promise<void> {
    if (db) {
      const killed = await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'restgw-state-listen'`,
      );
      expect(killed.length).toBeGreaterThan(0);
      return;
    }
    const observer = new Redis(serviceUrls.redis);
    try {
      const list = String(await observer.client('LIST'));
      const ids = list
        .split('\n')
        .filter((line) => line.includes(` name=${connectionName}-sub `))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => !!id);
      expect(ids.length).toBe(1);
      for (const id of ids) await observer.client('KILL', 'ID', id);
    } finally {
      observer.disconnect();
    }
  }
});
