import type { ConsumedRecord, DeliveredBatch, FetchRequest, LogBackend } from '@restgw/message-log';
import { GroupMovingError, LeasedGroup } from './leased-group';

/** A log handing out queued records; records each batch's commit()/release(). */
class FakeLog {
  queue: ConsumedRecord[] = [];
  committed: string[][] = [];
  released: string[][] = [];
  /** The log is down: commits never complete. */
  hangCommits = false;
  add(...offsets: number[]) {
    for (const o of offsets) this.queue.push({ value: Buffer.from(`m${o}`), headers: {}, partition: 0, offset: String(o), timestamp: 0 });
  }
  async fetch(r: FetchRequest): Promise<DeliveredBatch> {
    const records = this.queue.splice(0, r.maxRecords);
    const ids = records.map((x) => x.offset);
    const commit = () => (this.hangCommits ? new Promise<void>(() => undefined) : Promise.resolve(void this.committed.push(ids)));
    return { records, commit, release: async () => void this.released.push(ids) };
  }
  asBackend(): LogBackend {
    return this as unknown as LogBackend;
  }
}

const offsets = (d: { records: ConsumedRecord[] }) => d.records.map((r) => Number(r.offset));

describe('LeasedGroup', () => {
  let log: FakeLog;
  let group: LeasedGroup;
  beforeEach(() => {
    jest.useFakeTimers();
    log = new FakeLog();
    group = new LeasedGroup(log.asBackend(), 't', 'g', 1000, undefined, 60_000);
  });
  afterEach(() => {
    group.close();
    jest.useRealTimers();
  });

  it('keeps a batch in flight until the same consumer asks again, then commits it', async () => {
    log.add(0, 1, 2, 3);
    const first = await group.fetch('a', 2, 100);
    expect(offsets(first)).toEqual([0, 1]);
    expect(await group.fetch('b', 2, 100).then(offsets)).toEqual([2, 3]);
    expect(log.committed).toEqual([]); // b asking does not acknowledge a's batch
    await group.fetch('a', 2, 100);
    expect(log.committed).toEqual([['0', '1']]);
    expect(group.inFlight()).toBe(1); // b's batch
  });

  it('delivers an unacknowledged batch again after the visibility timeout, to any member', async () => {
    log.add(0, 1);
    await group.fetch('a', 10, 100);
    expect(await group.fetch('b', 10, 100).then(offsets)).toEqual([]);
    jest.advanceTimersByTime(1000);
    expect(await group.fetch('b', 10, 100).then(offsets)).toEqual([0, 1]);
    // a's late return acknowledges nothing (its lease is gone); b's does.
    await group.fetch('a', 10, 100);
    expect(log.committed).toEqual([]);
    await group.fetch('b', 10, 100);
    expect(log.committed).toEqual([['0', '1']]);
  });

  it('lets a slow poller advance: asking again after its visibility timeout acknowledges its batch', async () => {
    log.add(0, 1, 2, 3, 4, 5);
    expect(await group.fetch('a', 2, 100).then(offsets)).toEqual([0, 1]);
    jest.advanceTimersByTime(1500);
    expect(group.lapsedBatches()).toBe(1);
    expect(await group.fetch('a', 2, 100).then(offsets)).toEqual([2, 3]);
    expect(log.committed).toEqual([['0', '1']]);
    jest.advanceTimersByTime(30_000);
    expect(await group.fetch('a', 2, 100).then(offsets)).toEqual([4, 5]);
    expect(log.committed).toEqual([['0', '1'], ['2', '3']]);
    expect(group.lapsedBatches()).toBe(0);
  });

  it('redelivers a lapsed batch only when another member asks; what it took is no longer its first holder\'s', async () => {
    log.add(0, 1, 2, 3, 4);
    await group.fetch('a', 4, 100);
    jest.advanceTimersByTime(1000);
    expect(await group.fetch('b', 2, 100).then(offsets)).toEqual([0, 1]); // part of a's lapsed batch
    expect(await group.fetch('a', 5, 100).then(offsets)).toEqual([4]); // acknowledges 2 and 3 only
    expect(log.committed).toEqual([]); // the backend batch waits for b's part
    expect(group.lapsedBatches()).toBe(0);
    await group.fetch('b', 2, 100);
    expect(log.committed).toEqual([['0', '1', '2', '3']]);
  });

  it('acknowledges a lapsed batch explicitly by id while nobody took it', async () => {
    log.add(0, 1);
    const d = await group.fetch('a', 2, 100);
    jest.advanceTimersByTime(1000);
    expect(await group.acknowledge('a', d.id!)).toBe(1);
    expect(log.committed).toEqual([['0', '1']]);
    expect(await group.fetch('b', 2, 100).then(offsets)).toEqual([]);
  });

  it('holds a lapsed batch at most lapsedHoldMs: then it goes to anyone, its consumer included, and the group may idle', async () => {
    log.add(0, 1);
    await group.fetch('a', 2, 100);
    jest.advanceTimersByTime(1000);
    expect(group.isIdle(Date.now() + 120_000, 1000)).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(group.lapsedBatches()).toBe(0);
    expect(await group.fetch('a', 2, 100).then(offsets)).toEqual([0, 1]); // not acknowledged: delivered again
    expect(log.committed).toEqual([]);
  });

  it('gives a lapsed batch whose answer never reached the client back to anyone, its consumer included', async () => {
    log.add(0, 1);
    const d = await group.fetch('a', 2, 100);
    jest.advanceTimersByTime(1000);
    d.returned();
    expect(await group.fetch('a', 2, 100).then(offsets)).toEqual([0, 1]);
    expect(log.committed).toEqual([]);
  });

  it('drains without waiting for lapsed batches; closing drops them (read again by the next owner)', async () => {
    log.add(0);
    await group.fetch('a', 1, 100);
    jest.advanceTimersByTime(1000);
    await group.drain(10_000);
    group.close();
    expect(group.lapsedBatches()).toBe(0);
    expect(log.committed).toEqual([]);
  });

  it('commits a backend batch split by redelivery only once all its records are acknowledged', async () => {
    log.add(0, 1, 2, 3);
    await group.fetch('a', 4, 100);
    jest.advanceTimersByTime(1000);
    expect(await group.fetch('b', 2, 100).then(offsets)).toEqual([0, 1]);
    expect(await group.fetch('c', 2, 100).then(offsets)).toEqual([2, 3]);
    await group.fetch('b', 2, 100);
    expect(log.committed).toEqual([]);
    await group.fetch('c', 2, 100);
    expect(log.committed).toEqual([['0', '1', '2', '3']]);
  });

  it('answers within its wait, handing out nothing new, while the previous batch cannot be committed', async () => {
    log.add(0, 1);
    await group.fetch('a', 1, 100);
    log.hangCommits = true;
    const next = group.fetch('a', 1, 100);
    await jest.advanceTimersByTimeAsync(100);
    expect(await next.then(offsets)).toEqual([]);
    expect(log.queue).toHaveLength(1);
    const ack = group.acknowledge('b', undefined, 50);
    await jest.advanceTimersByTimeAsync(50);
    expect(await ack).toBe(0);
  });

  it('acknowledges explicitly by batch id, once', async () => {
    log.add(0);
    const d = await group.fetch('a', 1, 100);
    expect(await group.acknowledge('a', 'other-id')).toBe(0);
    expect(await group.acknowledge('b', d.id!)).toBe(0); // another consumer's batch
    expect(await group.acknowledge('a', d.id!)).toBe(1);
    expect(await group.acknowledge('a', d.id!)).toBe(0);
    expect(log.committed).toEqual([['0']]);
    jest.advanceTimersByTime(5000);
    expect(await group.fetch('b', 1, 100).then(offsets)).toEqual([]);
  });

  it('delivers a returned batch (client gone) again at once', async () => {
    log.add(0, 1);
    const d = await group.fetch('a', 2, 100);
    d.returned();
    expect(await group.fetch('b', 5, 100).then(offsets)).toEqual([0, 1]);
  });

  it('drains: stops handing out, waits for the batches in flight to be acknowledged', async () => {
    log.add(0, 1, 2);
    await group.fetch('a', 1, 100);
    let drained = false;
    const draining = group.drain(10_000).then(() => (drained = true));
    await expect(group.fetch('a', 1, 100)).rejects.toBeInstanceOf(GroupMovingError); // acknowledges, hands out nothing
    await draining;
    expect(drained).toBe(true);
    expect(log.committed).toEqual([['0']]);
    expect(log.queue.length).toBe(2);
  });

  it('gives up draining after the timeout (the batch is read again by the next owner)', async () => {
    log.add(0);
    await group.fetch('a', 1, 100);
    const draining = group.drain(500);
    jest.advanceTimersByTime(500);
    await draining;
    expect(log.committed).toEqual([]);
  });
});
