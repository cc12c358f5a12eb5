import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import {
  createKafkaLogBackend,
  LogError,
  LogErrorKind,
  type ConsumedRecord,
  type DeliveredBatch,
  type FetchRequest,
  type KafkaLogBackend,
  type KafkaLogOptions,
  type ProduceRecord,
} from '../src';

/**
 * The kafka adapter against a real broker (KAFKA_BROKERS, default the local
 * recipe's 127.0.0.1:9092). Topic and group names are unique per run.
 */
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
const RUN = randomBytes(4).toString('hex');
let seq = 0;
const unique = (what: string) => `it-${RUN}.${what}-${++seq}`;

const backends: KafkaLogBackend[] = [];
function backend(options: Partial<KafkaLogOptions> = {}): KafkaLogBackend {
  const b = createKafkaLogBackend({ brokers: BROKERS, clientId: `log-int-${RUN}`, ...options });
  backends.push(b);
  return b;
}

const plain = new Kafka({ clientId: `log-int-plain-${RUN}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
let admin: Admin;

async function waitForBroker(): Promise<void> {
  const script = join(__dirname, '../../../infra/kafka/kafka.sh');
  const deadline = Date.now() + 120_000;
  let triedScript = false;
  for (;;) {
    const probe = plain.admin({ retry: { retries: 0 } });
    try {
      await probe.connect();
      await probe.describeCluster();
      return;
    } catch (e) {
      if (!process.env.KAFKA_BROKERS && !triedScript && existsSync(script)) {
        triedScript = true;
        execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`no Kafka broker answers at ${BROKERS.join(',')}: ${(e as Error).message}`);
      await sleep(1000);
    } finally {
      await probe.disconnect();
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (s: string, headers: Record<string, string> = {}): ProduceRecord => ({ value: Buffer.from(s), headers });
const values = (records: ConsumedRecord[]) => records.map((r) => r.value.toString());

/**
 * Fetches until `want` records arrived (a new group needs a moment to join, so
 * single fetches may come back short); commits each batch when asked to.
 */
async function collect(
  b: KafkaLogBackend,
  req: Omit<FetchRequest, 'maxRecords' | 'maxWaitMs'> & { maxRecords?: number },
  want: number,
  settle: 'commit' | 'keep' = 'commit',
  timeoutMs = 20_000,
): Promise<{ records: ConsumedRecord[]; batches: DeliveredBatch[] }> {
  const records: ConsumedRecord[] = [];
  const batches: DeliveredBatch[] = [];
  const deadline = Date.now() + timeoutMs;
  while (records.length < want && Date.now() < deadline) {
    const batch = await b.fetch({ ...req, maxRecords: Math.min(req.maxRecords ?? want, want - records.length), maxWaitMs: 1000 });
    if (settle === 'commit') await batch.commit();
    batches.push(batch);
    records.push(...batch.records);
  }
  return { records, batches };
}

/** Records stored in a topic; fresh partitions may briefly answer NOT_LEADER, so this retries. */
async function storedCount(topic: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } catch (e) {
      if (attempt >= 20) throw e;
      await sleep(250);
    }
  }
}

async function newTopic(b: KafkaLogBackend, partitions = 1): Promise<string> {
  const topic = unique('topic');
  await b.ensureTopic({ name: topic, partitions });
  return topic;
}

beforeAll(async () => {
  await waitForBroker();
  admin = plain.admin();
  await admin.connect();
}, 150_000);

afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

afterAll(async () => {
  await admin?.disconnect();
});

describe('kafka log backend (real broker)', () => {
  it('is ready when the broker answers', async () => {
    await expect(backend().isReady()).resolves.toBe(true);
  });

  it('ensureTopic creates the requested or default partitions, idempotently and in any instance', async () => {
    const b = backend({ defaultPartitions: 2 });
    const explicit = unique('topic');
    const byDefault = unique('topic');
    await b.ensureTopic({ name: explicit, partitions: 3 });
    await b.ensureTopic({ name: byDefault });
    await b.ensureTopic({ name: explicit, partitions: 3 }); // cached
    await backend().ensureTopic({ name: explicit }); // another process: TOPIC_ALREADY_EXISTS is fine

    const { topics } = await admin.fetchTopicMetadata({ topics: [explicit, byDefault] });
    const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({ [explicit]: 3, [byDefault]: 2 });
    for (const t of topics) for (const p of t.partitions) expect(p.leader).toBeGreaterThanOrEqual(0);
  });

  it('returns the produced bytes and headers unchanged (text, JSON, binary)', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const binary = randomBytes(4096);
    const json = JSON.stringify({ id: 12345678901234567890n.toString(), nested: { a: [1, 2, 3] }, s: 'ünïcödé ✓' });
    const sent: ProduceRecord[] = [
      text('hello world', { 'content-type': 'text/plain', 'x-trace': 'abc-123' }),
      { value: Buffer.from(json), headers: { 'content-type': 'application/json', 'x-ünï': 'välue ✓' } },
      { value: binary, headers: { 'content-type': 'application/octet-stream' } },
      { value: Buffer.alloc(0), headers: {} },
    ];
    await b.produce(topic, sent);

    const { records } = await collect(b, { topic, group: unique('group') }, sent.length);
    expect(records).toHaveLength(sent.length);
    records.forEach((r, i) => {
      expect(Buffer.compare(r.value, sent[i].value)).toBe(0);
      expect(r.headers).toEqual(sent[i].headers);
      expect(r.partition).toBe(0);
      expect(r.offset).toBe(String(i));
      expect(typeof r.timestamp).toBe('number');
      expect(Math.abs(Date.now() - r.timestamp)).toBeLessThan(60_000);
    });
  });

  it('keeps the produce order within a partition', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const expected: string[] = [];
    for (let call = 0; call < 20; call++) {
      const batch = Array.from({ length: 5 }, (_, i) => `m-${call * 5 + i}`);
      expected.push(...batch);
      await b.produce(topic, batch.map((s) => text(s)));
    }
    const { records } = await collect(b, { topic, group: unique('group'), maxRecords: 30 }, expected.length);
    expect(values(records)).toEqual(expected);
    expect(records.map((r) => Number(r.offset))).toEqual(expected.map((_, i) => i));
  });

  it('has stored a record once produce() resolved: an independent kafkajs consumer reads it', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const payload = `durable-${randomBytes(8).toString('hex')}`;
    await b.produce(topic, [text(payload, { h: 'v' })]);

    const consumer = plain.consumer({ groupId: unique('plain') });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const seen = new Promise<{ value: string; header: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) =>
            resolve({ value: message.value!.toString(), header: message.headers!.h!.toString() }),
        });
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 20_000)));
      await expect(Promise.race([seen, timeout]).finally(() => clearTimeout(timer))).resolves.toEqual({ value: payload, header: 'v' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('delivers every message to each of two groups', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const sent = Array.from({ length: 10 }, (_, i) => `g-${i}`);
    await b.produce(topic, sent.map((s) => text(s)));
    const [one, two] = await Promise.all([
      collect(b, { topic, group: unique('group') }, sent.length),
      collect(b, { topic, group: unique('group') }, sent.length),
    ]);
    expect(values(one.records)).toEqual(sent);
    expect(values(two.records)).toEqual(sent);
  });

  it('gives concurrent fetches of one group disjoint records that together are all of them', async () => {
    const b = backend();
    const topic = await newTopic(b, 3);
    const group = unique('group');
    const sent = Array.from({ length: 40 }, (_, i) => `c-${i}`);
    await b.produce(topic, sent.map((s) => text(s)));

    const received: string[] = [];
    const deadline = Date.now() + 20_000;
    let concurrentNonEmpty = 0;
    while (received.length < sent.length && Date.now() < deadline) {
      const batches = await Promise.all([1, 2].map(() => b.fetch({ topic, group, maxRecords: 10, maxWaitMs: 2000 })));
      if (batches.every((x) => x.records.length > 0)) concurrentNonEmpty++;
      for (const batch of batches) {
        received.push(...values(batch.records));
        await batch.commit();
      }
    }
    expect(new Set(received).size).toBe(received.length); // disjoint: nothing twice
    expect([...received].sort()).toEqual([...sent].sort());
    expect(concurrentNonEmpty).toBeGreaterThan(0); // the two fetches really overlapped with records for both
  });

  it('answers a fetch on an empty topic with no records after about maxWaitMs', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const group = unique('group');
    for (const maxWaitMs of [1500, 300]) {
      const started = Date.now();
      const batch = await b.fetch({ topic, group, maxRecords: 10, maxWaitMs });
      const took = Date.now() - started;
      expect(batch.records).toEqual([]);
      expect(took).toBeGreaterThanOrEqual(maxWaitMs - 5);
      expect(took).toBeLessThan(maxWaitMs + 2000);
      await batch.commit();
    }
  });

  it('answers as soon as maxRecords are buffered, long before maxWaitMs', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const group = unique('group');
    await b.produce(topic, [text('warm')]);
    await collect(b, { topic, group }, 1); // the group has joined

    const pending = b.fetch({ topic, group, maxRecords: 3, maxWaitMs: 15_000 });
    await sleep(200);
    const started = Date.now();
    await b.produce(topic, ['x', 'y', 'z'].map((s) => text(s)));
    const batch = await pending;
    expect(values(batch.records)).toEqual(['x', 'y', 'z']);
    expect(Date.now() - started).toBeLessThan(5000);
    await batch.commit();
  });

  it('redelivers released records to the next fetch', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const group = unique('group');
    await b.produce(topic, ['r0', 'r1', 'r2', 'r3'].map((s) => text(s)));

    const first = await collect(b, { topic, group }, 4, 'keep');
    expect(values(first.records)).toEqual(['r0', 'r1', 'r2', 'r3']);
    for (const batch of first.batches) await batch.release();

    const again = await b.fetch({ topic, group, maxRecords: 10, maxWaitMs: 500 });
    expect(values(again.records)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(again.records.map((r) => r.offset)).toEqual(['0', '1', '2', '3']);
    await again.commit();
    const none = await b.fetch({ topic, group, maxRecords: 10, maxWaitMs: 300 });
    expect(none.records).toEqual([]);
  });

  it('does not redeliver committed records to a new process of the same group, but does redeliver uncommitted ones', async () => {
    const first = backend();
    const topic = await newTopic(first);
    const group = unique('group');
    const sent = Array.from({ length: 10 }, (_, i) => `p-${i}`);
    await first.produce(topic, sent.map((s) => text(s)));

    const committed = await collect(first, { topic, group }, 4, 'commit');
    expect(values(committed.records)).toEqual(sent.slice(0, 4));
    const uncommitted = await collect(first, { topic, group }, 3, 'keep'); // never committed: the "crash" comes first
    expect(values(uncommitted.records)).toEqual(sent.slice(4, 7));
    await first.close();

    const second = backend();
    const { records } = await collect(second, { topic, group }, 6);
    expect(values(records)).toEqual(sent.slice(4));
    const extra = await second.fetch({ topic, group, maxRecords: 10, maxWaitMs: 500 });
    expect(extra.records).toEqual([]);
  });

  it('commits only the contiguous acknowledged prefix: a later batch committed first does not skip an earlier one', async () => {
    const first = backend();
    const topic = await newTopic(first);
    const group = unique('group');
    await first.produce(topic, ['a', 'b', 'c', 'd'].map((s) => text(s)));
    await collect(first, { topic, group }, 1, 'keep').then(async ({ batches }) => {
      for (const batch of batches) await batch.release(); // only to have the group joined and buffered
    });
    const early = await first.fetch({ topic, group, maxRecords: 2, maxWaitMs: 2000 });
    const late = await first.fetch({ topic, group, maxRecords: 2, maxWaitMs: 2000 });
    expect(values(early.records)).toEqual(['a', 'b']);
    expect(values(late.records)).toEqual(['c', 'd']);
    await late.commit(); // 'a','b' still in flight: nothing may be committed yet
    await first.close();

    const second = backend();
    const { records } = await collect(second, { topic, group }, 4);
    expect(values(records)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads every record of a multi-partition topic, in order within each partition', async () => {
    const b = backend();
    const topic = await newTopic(b, 3);
    const sent = Array.from({ length: 60 }, (_, i) => ({ value: Buffer.from(`mp-${i}`), key: Buffer.from(`k${i % 7}`), headers: {} }));
    await b.produce(topic, sent);
    const { records } = await collect(b, { topic, group: unique('group'), maxRecords: 25 }, sent.length);
    expect(values(records).sort()).toEqual(sent.map((r) => r.value.toString()).sort());
    const byPartition = new Map<number, bigint[]>();
    for (const r of records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), BigInt(r.offset)]);
    expect(byPartition.size).toBeGreaterThan(1);
    for (const offsets of byPartition.values()) expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : 1)));
  });

  it('reads past its buffer limit (5,000 records) with the fetch loop held and woken: every record once, in order', async () => {
    const b = backend();
    const topic = await newTopic(b, 2);
    const sent = Array.from({ length: 12_000 }, (_, i) => ({ value: Buffer.from(`hw-${i}`), key: Buffer.from(`k${i % 2}`), headers: {} }));
    for (let i = 0; i < sent.length; i += 1_000) await b.produce(topic, sent.slice(i, i + 1_000));
    const { records } = await collect(b, { topic, group: unique('group'), maxRecords: 100 }, sent.length, 'commit', 60_000);
    expect(records).toHaveLength(sent.length);
    expect(new Set(values(records)).size).toBe(sent.length);
    for (const partition of [0, 1]) {
      const offsets = records.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual(offsets.map((_, i) => offsets[0] + i));
    }
  }, 90_000);

  it('stores every record of many concurrent produce() calls (coalesced) exactly once', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const sent = Array.from({ length: 300 }, (_, i) => `cc-${i}`);
    await Promise.all(sent.map((s) => b.produce(topic, [text(s)])));
    const { records } = await collect(b, { topic, group: unique('group'), maxRecords: 500 }, sent.length);
    expect(values(records).sort()).toEqual([...sent].sort());
    const extra = await b.fetch({ topic, group: unique('group'), maxRecords: 1000, maxWaitMs: 3000 });
    expect(extra.records.length).toBeLessThanOrEqual(sent.length);
    await extra.commit();
  });

  it('stores keyless records in fresh multi-partition topics exactly once (idempotent retries stay in order)', async () => {
    // Partitions of a topic created a moment ago may refuse the first attempt; kafkajs's own
    // keyless round-robin then regroups the retry and the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER.
    const b = backend();
    for (let i = 0; i < 15; i++) {
      const topic = await newTopic(b, 3);
      await b.produce(topic, Array.from({ length: 40 }, (_, k) => text(`k${k}`)));
      expect(await storedCount(topic)).toBe(40);
    }
  });

  it('rejects a record over the broker limit with TooLarge without failing concurrent callers', async () => {
    const b = backend();
    const topic = await newTopic(b);
    const huge = { value: randomBytes(2 * 1024 * 1024), headers: {} };
    const results = await Promise.allSettled([
      b.produce(topic, [text('before')]),
      b.produce(topic, [huge]),
      b.produce(topic, [text('after')]),
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[2].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
    const error = (results[1] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(LogError);
    expect(error.kind).toBe(LogErrorKind.TooLarge);
    const { records } = await collect(b, { topic, group: unique('group') }, 2);
    expect(values(records).sort()).toEqual(['after', 'before']);
  });

  it('disconnects a group consumer after consumerIdleMs without fetches', async () => {
    const b = backend({ consumerIdleMs: 500 });
    const topic = await newTopic(b);
    const batch = await b.fetch({ topic, group: unique('group'), maxRecords: 1, maxWaitMs: 100 });
    await batch.commit();
    expect(b.activeGroups()).toBe(1);
    const deadline = Date.now() + 10_000;
    while (b.activeGroups() > 0 && Date.now() < deadline) await sleep(100);
    expect(b.activeGroups()).toBe(0);
  });

  it('loses nothing when a second process joins the group (rebalance) mid-stream', async () => {
    const a = backend();
    const topic = await newTopic(a, 2);
    const group = unique('group');
    const sent = Array.from({ length: 40 }, (_, i) => ({ value: Buffer.from(`rb-${i}`), key: Buffer.from(`k${i}`), headers: {} }));
    await a.produce(topic, sent);
    const seen = new Set<string>();
    const take = async (b: KafkaLogBackend) => {
      const batch = await b.fetch({ topic, group, maxRecords: 3, maxWaitMs: 1000 });
      values(batch.records).forEach((v) => seen.add(v));
      await batch.commit(); // commits of partitions revoked meanwhile must not throw
      return batch.records.length;
    };
    // a alone first, then b joins: a's partitions are split, its buffer is read again from the committed offsets
    while (seen.size < 6) await take(a);
    const b = backend();
    const deadline = Date.now() + 60_000;
    let fromB = 0;
    while ((seen.size < sent.length || fromB === 0) && Date.now() < deadline) {
      const [, n] = await Promise.all([take(a), take(b)]);
      fromB += n;
    }
    expect(fromB).toBeGreaterThan(0);
    expect([...seen].sort()).toEqual(sent.map((r) => r.value.toString()).sort());
  }, 90_000);

  it('lets any process serve a group: partitions follow the waiting fetches, also back again', async () => {
    const a = backend();
    const b = backend();
    const topic = await newTopic(a, 1);
    const group = unique('group');
    await a.produce(topic, ['a', 'b', 'c', 'd'].map((s) => text(s)));
    const first = await collect(a, { topic, group, maxRecords: 2 }, 2);
    expect(values(first.records)).toEqual(['a', 'b']);

    // a stays in the group, idle, holding the only partition; the client now asks b
    let started = Date.now();
    const fromB = await collect(b, { topic, group }, 2);
    expect(values(fromB.records)).toEqual(['c', 'd']);
    expect(Date.now() - started).toBeLessThan(10_000);

    // and back to a, which now holds nothing: it rejoins and gets the partition again
    await a.produce(topic, ['e', 'f'].map((s) => text(s)));
    started = Date.now();
    const fromA = await collect(a, { topic, group }, 2);
    expect(values(fromA.records)).toEqual(['e', 'f']);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);

  it('rejects produce with Unavailable when the broker accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const b = backend({ brokers: [`127.0.0.1:${port}`], retries: 1, requestTimeoutMs: 1000, produceTimeoutMs: 1500, logLevel: 'nothing' });
      const started = Date.now();
      await expect(b.produce('acct-1.silent', [text('x')])).rejects.toMatchObject({ kind: LogErrorKind.Unavailable });
      expect(Date.now() - started).toBeLessThan(5000);
      await b.close();
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('unreachable broker', () => {
    const down = () => backend({ brokers: ['127.0.0.1:1'], retries: 1, connectionTimeoutMs: 500, readyTimeoutMs: 1000, logLevel: 'nothing' });

    it('rejects produce with LogError(Unavailable) within a bounded time', async () => {
      const b = down();
      const started = Date.now();
      const error = await b.produce('acct-1.nowhere', [text('x')]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LogError);
      expect((error as LogError).kind).toBe(LogErrorKind.Unavailable);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('is not ready, and ensureTopic and fetch fail with Unavailable', async () => {
      const b = down();
      const started = Date.now();
      await expect(b.isReady()).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(3000);
      await expect(b.ensureTopic({ name: 'acct-1.nowhere' })).rejects.toMatchObject({ kind: LogErrorKind.Unavailable });
      await expect(b.fetch({ topic: 'acct-1.nowhere', group: 'acct-1.nowhere.g', maxRecords: 1, maxWaitMs: 10_000 })).rejects.toMatchObject({
        kind: LogErrorKind.Unavailable,
      });
    });
  });

  it('refuses calls after close()', async () => {
    const b = backend();
    await b.close();
    await expect(b.produce('t', [text('x')])).rejects.toMatchObject({ kind: LogErrorKind.Unavailable });
    await expect(b.isReady()).resolves.toBe(false);
  });
});
