import { Redis } from 'ioredis';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { duplicatesOf, GatewayReplica, GroupRun, longestGapAfter, runGroupConsumers, serviceUrls, Stack } from '@restgw/testing';
import { GatewayClient, sleep } from './gateway-client';

/**
 * Managed consumer groups over several gateway replicas of one region (real
 * processes, Redis, Kafka): one owner per group, leased delivery with implicit
 * acknowledgement, fail-over after SIGKILL, hand-over on graceful restart.
 */
describe('consume across gateway replicas', () => {
  const TOTAL = 10_000;
  const VISIBILITY_MS = 4_000;
  let stack: Stack;
  let token: string;
  let accountId: number;
  let redis: Redis;
  let admin: Admin;
  let n = 0;
  const station = (name: string) => `${name}-${++n}`;
  /** Replicas believed alive (tests remove the ones they kill). */
  let live: GatewayReplica[] = [];
  const urls = () => live.map((g) => g.url);

  beforeAll(async () => {
    stack = await Stack.start({
      gatewayEnv: {
        CONSUME_LEASE_TTL_MS: '3000',
        CONSUME_VISIBILITY_TIMEOUT_MS: String(VISIBILITY_MS),
        CONSUME_DRAIN_TIMEOUT_MS: '5000',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      },
    });
    await Promise.all([stack.addGateway(), stack.addGateway()]);
    live = [...stack.gateways];
    const tenant = await stack.createTenant();
    accountId = tenant.accountId;
    token = (await stack.login(tenant)).jwt;
    redis = new Redis(serviceUrls.redis, { keyPrefix: stack.redisKeyPrefix });
    admin = new Kafka({ clientId: 'consume-replicas-e2e', brokers: serviceUrls.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await admin?.disconnect();
    await stack?.stop();
  });

  async function produceAll(st: string): Promise<void> {
    const gw = new GatewayClient(live[0].url, token);
    for (let start = 0; start < TOTAL; start += 5000) {
      const res = await gw.produceBatch(st, JSON.stringify(Array.from({ length: 5000 }, (_, i) => start + i)));
      expect(res.status).toBe(200);
    }
  }

  const kafkaGroup = (st: string, group: string) => `acct-${accountId}.${st}.${group}`;
  async function owner(st: string, group: string): Promise<GatewayReplica | undefined> {
    const holder = await redis.get(`consume:${stack.regionId}:owner:${kafkaGroup(st, group)}`);
    return live.find((g) => holder?.startsWith(`${g.url} `));
  }
  async function waitForOwner(st: string, group: string): Promise<GatewayReplica> {
    for (let i = 0; i < 100; i++) {
      const found = await owner(st, group);
      if (found) return found;
      await sleep(100);
    }
    throw new Error('no owner');
  }

  const consume = (st: string, group: string, extra: Partial<Parameters<typeof runGroupConsumers>[0]> = {}) =>
    runGroupConsumers({ urls, token, station: st, group, consumers: 3, expected: TOTAL, timeoutMs: 90_000, batchSize: 100, ...extra });

  function expectEveryMessage(run: GroupRun): void {
    const missing = Array.from({ length: TOTAL }, (_, i) => String(i)).filter((m) => !run.counts.has(m));
    expect(missing).toEqual([]);
  }

  it('three replicas, three consumers of one group on random replicas: all 10,000 delivered once, one Kafka member', async () => {
    const st = station('fanin');
    await produceAll(st);
    let members: number[] = [];
    const run = await consume(st, 'workers', {
      onBatch: (b) => {
        if (b.seq === 20) void admin.describeGroups([kafkaGroup(st, 'workers')]).then((d) => (members = d.groups.map((g) => g.members.length)));
      },
    });
    expectEveryMessage(run);
    expect(duplicatesOf(run)).toEqual([]);
    expect(members).toEqual([1]); // one Kafka consumer for three HTTP consumers on three replicas
    expect(new Set(run.batches.map((b) => b.replica)).size).toBe(3); // answers came through every replica
    expect(await owner(st, 'workers')).toBeDefined();

    // Tenancy: another account naming the same station and group through any replica sees none of it.
    const other = await stack.createTenant();
    const otherGw = new GatewayClient(live[2].url, (await stack.login(other)).jwt);
    const res = await otherGw.consume(st, { consumer_name: 'workers-c1', consumer_group: 'workers', batch_max_wait_time_ms: 500 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  }, 120_000);

  it('two groups on one station each receive all 10,000', async () => {
    const st = station('two-groups');
    await produceAll(st);
    const [a, b] = await Promise.all([consume(st, 'billing', { consumers: 2 }), consume(st, 'audit', { consumers: 2 })]);
    for (const run of [a, b]) {
      expectEveryMessage(run);
      expect(duplicatesOf(run)).toEqual([]);
    }
  }, 120_000);

  it('a consumer that never comes back: its batch goes to another member after the visibility timeout', async () => {
    const st = station('vanish');
    const gw = new GatewayClient(live[1].url, token);
    expect((await gw.produceBatch(st, '[1,2,3]')).status).toBe(200);
    const taken = await gw.consumeAll(st, { consumer_name: 'gone', consumer_group: 'g', batch_size: 3 }, 3);
    expect(taken.map((m) => m.message)).toEqual(['1', '2', '3']);
    const deliveredAt = Date.now();
    const other = new GatewayClient(live[2].url, token);
    let again: any[] = [];
    while (again.length === 0 && Date.now() - deliveredAt < VISIBILITY_MS + 10_000) {
      const res = await other.consume(st, { consumer_name: 'stays', consumer_group: 'g', batch_size: 3, batch_max_wait_time_ms: 1000 });
      expect(res.status).toBe(200);
      again = res.body;
      if (again.length === 0) expect(Date.now() - deliveredAt).toBeLessThan(VISIBILITY_MS + 5_000);
    }
    expect(Date.now() - deliveredAt).toBeGreaterThanOrEqual(VISIBILITY_MS - 200);
    expect(again.map((m) => m.message)).toEqual(['1', '2', '3']);
  }, 60_000);

  it('explicit acknowledgement by batch id through any replica; an acknowledged batch is not delivered again', async () => {
    const st = station('ack');
    const gw = new GatewayClient(live[0].url, token);
    expect((await gw.produceBatch(st, '["a","b"]')).status).toBe(200);
    let res = await gw.consume(st, { consumer_name: 'c', batch_size: 2, batch_max_wait_time_ms: 5000 });
    while (res.body.length === 0) res = await gw.consume(st, { consumer_name: 'c', batch_size: 2, batch_max_wait_time_ms: 5000 });
    const batchId = res.headers.get('x-restgw-batch-id');
    expect(batchId).toMatch(/^[\w-]+$/);
    const ack = (url: string, body: Record<string, unknown>) =>
      fetch(`${url}/stations/${st}/consume/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await ack(live[2].url, { consumer_name: 'c', batch_id: 'not-this-one' })).toEqual({ status: 409, body: { error: expect.stringMatching(/No batch/), success: false } });
    expect(await ack(live[2].url, { consumer_name: 'c', batch_id: batchId })).toEqual({ status: 200, body: { error: null, success: true, acknowledged: 1 } });
    expect((await ack(live[1].url, { consumer_name: 'c', batch_id: batchId })).status).toBe(409);
    expect((await ack(live[1].url, { consumer_name: 'c', batch_id: 7 })).status).toBe(400);
    await sleep(VISIBILITY_MS + 500);
    // d is in c's group (the shared default one): nothing is left for it.
    expect((await new GatewayClient(live[1].url, token).consume(st, { consumer_name: 'd', batch_max_wait_time_ms: 1000 })).body).toEqual([]);
  }, 60_000);

  it('the owner killed with SIGKILL mid-stream: nothing lost, duplicates only from batches in flight at the kill', async () => {
    const st = station('sigkill');
    await produceAll(st);
    let killedAt = -1;
    /** Batches received before the kill; up to one answer per consumer may still be on its way then. */
    let killSeq = Infinity;
    /** Per consumer, the seq of its last two batches when the owner died: those may be uncommitted. */
    let inFlightFrom = Infinity;
    const lastTwo = new Map<string, number[]>();
    const run = await consume(st, 'crash', {
      onBatch: (b, r) => {
        lastTwo.set(b.consumer, [...(lastTwo.get(b.consumer) ?? []), b.seq].slice(-2));
        if (killedAt >= 0 || r.counts.size < 3000) return;
        killedAt = b.seq;
        void (async () => {
          const victim = await waitForOwner(st, 'crash');
          live = live.filter((g) => g !== victim);
          inFlightFrom = Math.min(...[...lastTwo.values()].map((seqs) => seqs[0]));
          killSeq = r.batches.length;
          await victim.stop('SIGKILL');
        })();
      },
    });
    expect(killedAt).toBeGreaterThanOrEqual(0);
    expectEveryMessage(run);
    const dups = duplicatesOf(run);
    const firstSeen = new Map<string, number>();
    for (const b of run.batches) for (const m of b.messages) if (!firstSeen.has(m)) firstSeen.set(m, b.seq);
    const inFlightAtKill = run.batches.filter((b) => b.seq >= inFlightFrom && b.seq < killSeq + 3).reduce((k, b) => k + b.messages.length, 0);
    const oldestDuplicate = Math.min(...dups.map((m) => firstSeen.get(m)!));
    console.log(
      `SIGKILL: ${dups.length} duplicate(s) (first seen from batch ${oldestDuplicate}), bound ${inFlightAtKill} (batches ${inFlightFrom}..${killSeq + 2}); ${run.errors} failed request(s) retried`,
    );
    expect(oldestDuplicate).toBeGreaterThanOrEqual(inFlightFrom);
    expect(dups.length).toBeLessThanOrEqual(inFlightAtKill);
  }, 150_000);

  it('graceful restart of the owner: no duplicates, consumption resumes within a few seconds', async () => {
    const st = station('restart');
    await produceAll(st);
    let stoppedAt = 0;
    let restarted: Promise<void> | null = null;
    const run = await consume(st, 'rolling', {
      onBatch: (_b, r) => {
        if (restarted || r.counts.size < 3000) return;
        restarted = (async () => {
          const victim = await waitForOwner(st, 'rolling');
          stoppedAt = Date.now();
          await victim.stop('SIGTERM');
          const again = await stack.addGateway({}, victim.port);
          live = live.map((g) => (g === victim ? again : g));
        })();
      },
    });
    await restarted;
    expect(stoppedAt).toBeGreaterThan(0);
    expectEveryMessage(run);
    expect(duplicatesOf(run)).toEqual([]);
    const gap = longestGapAfter(run, stoppedAt);
    console.log(`graceful restart: longest pause after SIGTERM ${gap} ms; ${run.errors} failed request(s) retried`);
    expect(gap).toBeLessThan(5_000);
  }, 150_000);
});
