import { randomBytes } from 'node:crypto';
import { createEmbeddedLogBackend, createKafkaLogBackend, type LogBackend } from '@restgw/message-log';
import { createTestDatabase, serviceUrls, type TestDatabase } from '@restgw/testing';
import { ConsumeCoordinator } from '../src/consume-coordinator';
import { MemoryLeaseStore } from '../src/lease-store';

/**
 * Leased delivery on top of each log adapter (the embedded log on a fresh
 * PostgreSQL database, Kafka on the real broker): the coordinator's
 * semantics hold whichever LogBackend the region runs.
 */
function leasedDeliveryOn(name: string, openLog: () => LogBackend, joinAllowanceMs: number): void {
  const run = randomBytes(4).toString('hex');
  let seq = 0;
  const unique = (what: string) => `leased-${run}.${what}-${++seq}`;
  const open: LogBackend[] = [];
  const log = () => {
    const b = openLog();
    open.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it(`serves leased delivery in one process on ${name} (in-process leases): implicit ack, visibility timeout, hand-over commits what was acknowledged`, async () => {
    const b = log();
    const topic = unique('topic');
    await b.ensureTopic({ name: topic, partitions: 1 });
    await b.produce(topic, ['a', 'b', 'c', 'd'].map((v) => ({ value: Buffer.from(v), headers: {} })));
    const ref = { topic, group: unique('group') };
    const coordinator = (backend: LogBackend) =>
      new ConsumeCoordinator({ log: backend, store: new MemoryLeaseStore(), selfUrl: 'http://127.0.0.1:1', leaseTtlMs: 5_000, visibilityTimeoutMs: 1_500, groupIdleMs: 60_000, drainTimeoutMs: 1_000 });
    const noForward = async (): Promise<never> => {
      throw new Error('one process: nothing to forward to');
    };
    const poll = async (c: ConsumeCoordinator, consumer: string, max: number, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { local } = await c.consume(ref, { consumer, maxRecords: max, maxWaitMs: 1_000, hops: 0 }, noForward);
        if (local!.records.length || Date.now() > deadline) return local!.records.map((r) => r.value.toString());
      }
    };
    const first = coordinator(b);
    expect(await poll(first, 'x', 2, joinAllowanceMs + 10_000)).toEqual(['a', 'b']);
    expect(await poll(first, 'y', 2, 5_000)).toEqual(['c', 'd']);
    const yGotItAt = Date.now();
    // y never comes back: x's next requests acknowledge a+b, then receive c+d once y's lease lapsed.
    expect(await poll(first, 'x', 2, 10_000)).toEqual(['c', 'd']);
    expect(Date.now() - yGotItAt).toBeGreaterThanOrEqual(1_400);
    expect((await first.ack(ref, 'x', undefined, 0, noForward)).local).toBe(1);
    await first.shutdown();
    await b.close();

    const next = coordinator(log());
    const { local } = await next.consume(ref, { consumer: 'z', maxRecords: 10, maxWaitMs: joinAllowanceMs + 1_500, hops: 0 }, noForward);
    expect(local!.records).toEqual([]);
    await next.shutdown();
  });
}

describe('leased delivery: embedded log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });
  leasedDeliveryOn('the embedded log', () => createEmbeddedLogBackend({ connectionString: db.url }), 0);
});

describe('leased delivery: kafka', () => {
  leasedDeliveryOn('Kafka', () => createKafkaLogBackend({ brokers: serviceUrls.kafkaBrokers, clientId: 'leased-delivery-it' }), 15_000);
});
