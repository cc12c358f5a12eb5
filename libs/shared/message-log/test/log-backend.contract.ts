import { randomBytes } from 'node:crypto';
import { partitionForKey } from '../src/embedded/murmur2.partitioner';
import {
  LogError,
  LogErrorKind,
  type ConsumedRecord,
  type DeliveredBatch,
  type LogBackend,
  type ProduceRecord,
  type TopicAdmin,
  type TopicSettings,
} from '../src';

/** A topic as the log stores it: what TopicAdmin.applyTopic set (null: the log's default). */
export type TopicDescription = Omit<TopicSettings, 'name'>;

/**
 * The LogBackend contract: the same cases run against every adapter
 * (log-backend-contract.int-spec.ts). A harness gives an adapter's specifics:
 * how to open a backend or a standalone TopicAdmin on the same storage (a
 * restart is close + open), how a topic is seen without the adapter, and how
 * retention is run.
 */
export interface ContractHarness {
  name: string;
  open(): LogBackend;
  /** A TopicAdmin of its own (the region worker's), not a backend. */
  openAdmin(): TopicAdmin;
  /** The topic read from the log's storage by other means than the adapter; null when it does not exist. */
  describeTopic(topic: string): Promise<TopicDescription | null>;
  /**
   * Runs retention now and resolves true, or resolves false when the adapter
   * cannot be made to run it on demand (Kafka's log cleaner runs every
   * log.retention.check.interval.ms, 5 minutes on the shared broker); the case
   * then checks that the settings reached the log.
   */
  runRetention(backend: LogBackend): Promise<boolean>;
  /** Milliseconds a new group may need before its first records arrive (Kafka: the group join). */
  joinAllowanceMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (s: string, key?: string, headers: Record<string, string> = {}): ProduceRecord => ({
  value: Buffer.from(s),
  headers,
  key: key === undefined ? undefined : Buffer.from(key),
});
const values = (records: ConsumedRecord[]) => records.map((r) => r.value.toString());
const failure = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (e: unknown) => e,
  );

/** Retries an assertion until it holds (a broker applies deletions asynchronously). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(250);
    }
  }
}

export function logBackendContract(harness: ContractHarness): void {
  const run = randomBytes(4).toString('hex');
  let seq = 0;
  const unique = (what: string) => `contract-${run}.${what}-${++seq}`;
  const open: TopicAdmin[] = [];
  const backend = () => {
    const b = harness.open();
    open.push(b);
    return b;
  };
  const topicAdmin = () => {
    const a = harness.openAdmin();
    open.push(a);
    return a;
  };
  const retention = (name: string, r: { ms?: number; bytes?: number }): TopicSettings => ({
    name,
    partitions: 1,
    retentionMs: r.ms ?? null,
    retentionBytes: r.bytes ?? null,
    maxMessageBytes: null,
  });
  const newTopic = async (b: LogBackend, partitions = 1) => {
    const topic = unique('topic');
    await b.ensureTopic({ name: topic, partitions });
    return topic;
  };

  /** Fetches until `want` records arrived or the time is up; commits each batch unless told to keep it. */
  async function collect(b: LogBackend, topic: string, group: string, want: number, settle: 'commit' | 'keep' = 'commit', timeoutMs = 20_000) {
    const records: ConsumedRecord[] = [];
    const batches: DeliveredBatch[] = [];
    const deadline = Date.now() + timeoutMs;
    while (records.length < want && Date.now() < deadline) {
      const batch = await b.fetch({ topic, group, maxRecords: want - records.length, maxWaitMs: 1000 });
      if (settle === 'commit') await batch.commit();
      batches.push(batch);
      records.push(...batch.records);
    }
    return { records, batches };
  }

  /** Nothing more for the group within waitMs (a short fetch that must come back empty). */
  async function expectNothingMore(b: LogBackend, topic: string, group: string, waitMs = 1500) {
    const batch = await b.fetch({ topic, group, maxRecords: 100, maxWaitMs: waitMs });
    expect(values(batch.records)).toEqual([]);
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  describe(`LogBackend contract: ${harness.name}`, () => {
    it('is ready', async () => {
      await expect(backend().isReady()).resolves.toBe(true);
    });

    it('keeps order per partition, with value, key, headers and timestamp unchanged', async () => {
      const b = backend();
      const topic = await newTopic(b, 3);
      const before = Date.now();
      const sent: string[] = [];
      for (let call = 0; call < 6; call++) {
        const batch = Array.from({ length: 10 }, (_, i) => `m-${call}-${i}`);
        sent.push(...batch);
        await b.produce(topic, batch.map((v) => text(v, undefined, { 'x-seq': v, 'content-type': 'text/plain' })));
      }
      await b.produce(topic, [{ value: Buffer.from([0, 255, 1, 254]), headers: { 'x-ünï': 'välue ✓' }, key: Buffer.from('bin') }]);
      const { records } = await collect(b, topic, unique('group'), 61);
      expect(records).toHaveLength(61);
      const byPartition = new Map<number, ConsumedRecord[]>();
      for (const r of records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
      for (const list of byPartition.values()) {
        const offsets = list.map((r) => BigInt(r.offset));
        expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        const texts = values(list).filter((v) => v.startsWith('m-'));
        expect(texts).toEqual(sent.filter((v) => texts.includes(v))); // produced order within the partition
      }
      // Keyless records of one produce call stay together on one partition.
      for (let call = 0; call < 6; call++) {
        expect(new Set(records.filter((r) => r.value.toString().startsWith(`m-${call}-`)).map((r) => r.partition)).size).toBe(1);
      }
      const plain = records.find((r) => r.value.toString() === 'm-2-3')!;
      expect(plain.headers).toEqual({ 'x-seq': 'm-2-3', 'content-type': 'text/plain' });
      expect(plain.key).toBeUndefined();
      expect(plain.timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(plain.timestamp).toBeLessThanOrEqual(Date.now() + 1000);
      const binary = records.find((r) => r.key?.toString() === 'bin')!;
      expect([...binary.value]).toEqual([0, 255, 1, 254]);
      expect(binary.headers).toEqual({ 'x-ünï': 'välue ✓' });
    });

    it("sends a key's records to one partition, Kafka's murmur2 partition", async () => {
      const b = backend();
      const topic = await newTopic(b, 4);
      const keys = Array.from({ length: 16 }, (_, i) => `customer-${i}`);
      await b.produce(topic, keys.map((k) => text(`${k}:1`, k)));
      await b.produce(topic, keys.map((k) => text(`${k}:2`, k)));
      const { records } = await collect(b, topic, unique('group'), 32);
      expect(records).toHaveLength(32);
      for (const k of keys) {
        const own = records.filter((r) => r.key?.toString() === k);
        expect(own.map((r) => r.partition)).toEqual([partitionForKey(Buffer.from(k), 4), partitionForKey(Buffer.from(k), 4)]);
        expect(values(own)).toEqual([`${k}:1`, `${k}:2`]);
      }
      expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThan(1);
    });

    it('gives every group every record, and the members of one group disjoint records', async () => {
      const b = backend();
      const topic = await newTopic(b);
      const sent = Array.from({ length: 40 }, (_, i) => `g-${i}`);
      await b.produce(topic, sent.map((v) => text(v)));
      const [one, two] = [unique('group'), unique('group')];
      expect(values((await collect(b, topic, one, 40)).records)).toEqual(sent);
      // Concurrent fetches of another group: no record twice, none lost.
      await collect(b, topic, two, 1, 'keep', harness.joinAllowanceMs).then(({ batches }) => Promise.all(batches.map((x) => x.release())));
      const parallel = await Promise.all([0, 1, 2, 3].map(() => b.fetch({ topic, group: two, maxRecords: 10, maxWaitMs: 2000 })));
      const got = parallel.flatMap((x) => values(x.records));
      expect(new Set(got).size).toBe(got.length);
      await Promise.all(parallel.map((x) => x.commit()));
      const rest = await collect(b, topic, two, 40 - got.length);
      expect([...got, ...values(rest.records)].sort()).toEqual([...sent].sort());
      await expectNothingMore(b, topic, two);
    });

    it('redelivers released records, and never commits past an unacknowledged one', async () => {
      const b = backend();
      const topic = await newTopic(b);
      await b.produce(topic, ['a', 'b', 'c', 'd'].map((v) => text(v)));
      const group = unique('group');
      const first = (await collect(b, topic, group, 2, 'keep', harness.joinAllowanceMs + 5000)).batches;
      expect(values(first.flatMap((x) => x.records))).toEqual(['a', 'b']);
      await Promise.all(first.map((x) => x.release()));
      const again = await collect(b, topic, group, 2, 'keep');
      expect(values(again.records)).toEqual(['a', 'b']);
      const later = await collect(b, topic, group, 2, 'keep');
      expect(values(later.records)).toEqual(['c', 'd']);
      // c, d acknowledged while a, b are still out: nothing may be committed yet.
      await Promise.all(later.batches.map((x) => x.commit()));
      await b.close();

      const restarted = backend();
      expect(values((await collect(restarted, topic, group, 4, 'commit', harness.joinAllowanceMs + 10_000)).records)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('reports a group\'s lag: the records after its committed offsets, over every partition', async () => {
      const b = backend();
      const topic = await newTopic(b, 2);
      await b.produce(topic, ['a', 'b', 'c', 'd', 'e'].map((v) => text(v)));
      const group = unique('group');
      // A group that committed nothing lags by everything retained.
      await expect(b.groupLag(topic, group)).resolves.toBe(5);
      await collect(b, topic, group, 2, 'commit', harness.joinAllowanceMs + 5000);
      // A commit resolves once it was requested; the lag reflects it when written.
      const deadline = Date.now() + 10_000;
      while ((await b.groupLag(topic, group)) !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await expect(b.groupLag(topic, group)).resolves.toBe(3);
    });

    it('keeps committed offsets across a restart: the next instance continues after them', async () => {
      const b = backend();
      const topic = await newTopic(b, 2);
      const sent = Array.from({ length: 20 }, (_, i) => `r-${i}`);
      await b.produce(topic, sent.slice(0, 10).map((v) => text(v, v)));
      const group = unique('group');
      const before = await collect(b, topic, group, 10);
      expect(before.records).toHaveLength(10);
      const uncommitted = await b.produce(topic, sent.slice(10).map((v) => text(v, v))).then(() => collect(b, topic, group, 3, 'keep'));
      expect(uncommitted.records).toHaveLength(3);
      await b.close(); // 3 delivered, never committed

      const restarted = backend();
      const after = await collect(restarted, topic, group, 10, 'commit', harness.joinAllowanceMs + 10_000);
      expect(values(after.records).sort()).toEqual(sent.slice(10).sort());
      await expectNothingMore(restarted, topic, group);
    });

    it('wakes a waiting fetch when a record arrives (long poll)', async () => {
      const b = backend();
      const topic = await newTopic(b);
      const group = unique('group');
      await b.produce(topic, [text('warm-up')]);
      expect(values((await collect(b, topic, group, 1, 'commit', harness.joinAllowanceMs + 5000)).records)).toEqual(['warm-up']);

      const started = Date.now();
      const waiting = b.fetch({ topic, group, maxRecords: 1, maxWaitMs: 15_000 });
      await sleep(500);
      await b.produce(topic, [text('late')]);
      const batch = await waiting;
      const tookMs = Date.now() - started;
      await batch.commit();
      expect(values(batch.records)).toEqual(['late']);
      expect(tookMs).toBeGreaterThanOrEqual(450);
      expect(tookMs).toBeLessThan(5_000); // far from maxWaitMs: woken, not timed out
      // And with nothing arriving, the fetch answers empty after about maxWaitMs.
      const t = Date.now();
      expect(values((await b.fetch({ topic, group, maxRecords: 1, maxWaitMs: 800 })).records)).toEqual([]);
      expect(Date.now() - t).toBeGreaterThanOrEqual(750);
    });

    it('applies retention by time and by size', async () => {
      const b = backend();
      const bySize = await newTopic(b);
      const byTime = await newTopic(b);
      await b.produce(bySize, Array.from({ length: 10 }, (_, i) => ({ value: Buffer.alloc(1000, i), headers: {} })));
      await b.produce(byTime, [text('old-1'), text('old-2')]);
      const admin = topicAdmin();
      await admin.applyTopic(retention(bySize, { bytes: 3500 }));
      await sleep(300);
      await admin.applyTopic(retention(byTime, { ms: 200 }));
      await b.produce(byTime, [text('new')]);

      if (!(await harness.runRetention(b))) {
        expect(await harness.describeTopic(bySize)).toMatchObject({ retentionBytes: 3500, retentionMs: null });
        expect(await harness.describeTopic(byTime)).toMatchObject({ retentionMs: 200, retentionBytes: null });
        return;
      }
      const kept = await collect(b, bySize, unique('group'), 10, 'commit', 3000 + harness.joinAllowanceMs);
      expect(kept.records.map((r) => r.value[0])).toEqual([7, 8, 9]); // the newest that fit in 3500 bytes
      expect(values((await collect(b, byTime, unique('group'), 3, 'commit', 3000 + harness.joinAllowanceMs)).records)).toEqual(['new']);
    });

    it('closeGroup leaves the group: a waiting fetch answers at once, committed records stay committed, the rest is read again', async () => {
      const b = backend();
      const topic = await newTopic(b);
      await b.produce(topic, ['a', 'b', 'c'].map((v) => text(v)));
      const group = unique('group');
      expect(values((await collect(b, topic, group, 1, 'commit', harness.joinAllowanceMs + 10_000)).records)).toEqual(['a']);
      expect(values((await collect(b, topic, group, 1, 'keep')).records)).toEqual(['b']);
      await b.closeGroup(group);
      expect(values((await collect(b, topic, group, 2, 'commit', harness.joinAllowanceMs + 10_000)).records)).toEqual(['b', 'c']);

      const idle = unique('group');
      const waiting = b.fetch({ topic: await newTopic(b), group: idle, maxRecords: 1, maxWaitMs: 30_000 });
      await sleep(300);
      const started = Date.now();
      await b.closeGroup(idle);
      expect(values((await waiting).records)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000);
      await b.closeGroup(unique('never-consumed')); // a no-op
    });

    it('carries large payloads, and refuses a record over the limit with TooLarge', async () => {
      const b = backend();
      const topic = await newTopic(b);
      const big = randomBytes(900 * 1024);
      await b.produce(topic, [{ value: big, headers: { 'content-type': 'application/octet-stream' } }]);
      const error = await b.produce(topic, [{ value: randomBytes(2 * 1024 * 1024), headers: {} }]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LogError);
      expect((error as LogError).kind).toBe(LogErrorKind.TooLarge);
      await b.produce(topic, [text('after')]);
      const { records } = await collect(b, topic, unique('group'), 2);
      expect(records).toHaveLength(2);
      expect(records[0].value.equals(big)).toBe(true);
      expect(values(records.slice(1))).toEqual(['after']);
    });
  });

  describe(`TopicAdmin contract: ${harness.name}`, () => {
    const settings = (name: string, over: Partial<TopicDescription> = {}): TopicSettings => ({
      name,
      partitions: 2,
      retentionMs: 3_600_000,
      retentionBytes: 1_000_000,
      maxMessageBytes: 100_000,
      ...over,
    });
    const expectRefused = async (work: Promise<unknown>) => {
      const error = await failure(work);
      expect(error).toBeInstanceOf(LogError);
      expect((error as LogError).kind).toBe(LogErrorKind.Refused);
    };
    const through = {
      'a standalone TopicAdmin': () => topicAdmin(),
      'the LogBackend': () => backend(),
    };

    it('creates a topic with its partitions, retention and record size limit, which producers meet; applying it again changes nothing', async () => {
      const admin = topicAdmin();
      const topic = unique('topic');
      await admin.applyTopic(settings(topic, { partitions: 3 }));
      await admin.applyTopic(settings(topic, { partitions: 3 }));
      expect(await harness.describeTopic(topic)).toEqual({ partitions: 3, retentionMs: 3_600_000, retentionBytes: 1_000_000, maxMessageBytes: 100_000 });

      const b = backend();
      await b.produce(topic, [{ value: randomBytes(60_000), headers: {} }]);
      const error = await failure(b.produce(topic, [{ value: randomBytes(400_000), headers: {} }]));
      expect(error).toBeInstanceOf(LogError);
      expect((error as LogError).kind).toBe(LogErrorKind.TooLarge);
    });

    for (const [via, open] of Object.entries(through)) {
      it(`alters an existing topic as a whole through ${via}: unset settings go back to the default, partitions only grow, ensureTopic leaves it as it is`, async () => {
        const admin = open();
        const topic = unique('topic');
        await admin.applyTopic(settings(topic));
        const altered = { partitions: 4, retentionMs: null, retentionBytes: 2_000_000, maxMessageBytes: 200_000 };
        await admin.applyTopic(settings(topic, altered));
        expect(await harness.describeTopic(topic)).toEqual(altered);
        await admin.applyTopic(settings(topic, { ...altered, partitions: 1 }));
        await admin.ensureTopic({ name: topic, partitions: 8 });
        expect(await harness.describeTopic(topic)).toEqual(altered);
      });

      it(`deletes a topic with its records through ${via}; deleting it again, or a topic that never existed, counts as done`, async () => {
        const admin = open();
        const topic = unique('topic');
        await admin.applyTopic(settings(topic));
        await backend().produce(topic, [text('x')]);
        await admin.deleteTopic(topic);
        await admin.deleteTopic(topic);
        await admin.deleteTopic(unique('never-created'));
        await eventually(async () => expect(await harness.describeTopic(topic)).toBeNull());
      });
    }

    it('refuses a desired state the log cannot hold (Refused, nothing changed), on create and on alter', async () => {
      const admin = topicAdmin();
      const topic = unique('topic');
      await expectRefused(admin.applyTopic(settings(topic, { partitions: 0 })));
      await expectRefused(admin.applyTopic(settings(topic, { retentionMs: -5 })));
      await expectRefused(admin.ensureTopic({ name: topic, partitions: 0 }));
      expect(await harness.describeTopic(topic)).toBeNull();
      await admin.applyTopic(settings(topic));
      await expectRefused(admin.applyTopic(settings(topic, { retentionMs: -5, retentionBytes: 5_000 })));
      expect(await harness.describeTopic(topic)).toEqual({ partitions: 2, retentionMs: 3_600_000, retentionBytes: 1_000_000, maxMessageBytes: 100_000 });
    });
  });
}
