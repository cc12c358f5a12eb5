import type { ConsumedRecord } from '../log-backend';
import { CommitQueue } from './commit-queue';
import { GroupDelivery, type GroupDeliveryHooks } from './group-delivery';
import type { CommitPoint } from './offset-tracker';

const rec = (partition: number, offset: number): ConsumedRecord => ({ value: Buffer.from(`${partition}:${offset}`), headers: {}, partition, offset: String(offset), timestamp: 0 });
const recs = (partition: number, ...offsets: number[]) => offsets.map((o) => rec(partition, o));
const names = (records: ConsumedRecord[]) => records.map((r) => `${r.partition}:${r.offset}`);

/** A delivery whose commits land in `written`, in write order. */
function delivery(hooks: Partial<GroupDeliveryHooks> = {}) {
  const written: CommitPoint[][] = [];
  const d = new GroupDelivery({
    commit: async (points) => {
      written.push(points);
    },
    commitFailed: (e) => e,
    ...hooks,
  });
  return { d, written };
}

describe('GroupDelivery', () => {
  it('answers a fetch as soon as its batch is buffered, else after maxWaitMs with what is there; concurrent fetches get disjoint records', async () => {
    const { d } = delivery();
    const waiting: number[] = [];
    const hooked = new GroupDelivery({ commit: async () => undefined, commitFailed: (e) => e, onWaiting: () => waiting.push(hooked.waiting) });
    const full = hooked.fetch(2, 10_000);
    expect(waiting).toEqual([1]); // left waiting: the adapter reads
    hooked.add(recs(0, 0, 1, 2));
    expect(names((await full).records)).toEqual(['0:0', '0:1']);

    d.add(recs(0, 0, 1, 2, 3, 4));
    const [a, b, c] = await Promise.all([d.fetch(2, 50), d.fetch(2, 50), d.fetch(2, 50)]);
    expect([...names(a.records), ...names(b.records), ...names(c.records)]).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4']);
    const started = Date.now();
    expect((await d.fetch(5, 100)).records).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('skips records it holds already (a re-read of the log)', async () => {
    const { d } = delivery();
    d.add(recs(0, 0, 1));
    d.add(recs(0, 1, 2));
    expect(names((await d.fetch(10, 20)).records)).toEqual(['0:0', '0:1', '0:2']);
  });

  it('commits only the contiguous acknowledged prefix per partition; released records come back first', async () => {
    const { d, written } = delivery();
    d.add([...recs(0, 0, 1, 2, 3), ...recs(1, 0)]);
    const first = await d.fetch(2, 10);
    const second = await d.fetch(3, 10);
    expect(names(second.records)).toEqual(['0:2', '0:3', '1:0']);
    await second.commit();
    expect(written).toEqual([[{ partition: 1, offset: '1' }]]); // partition 0 waits for 0:0 and 0:1
    await first.release();
    const again = await d.fetch(10, 10);
    expect(names(again.records)).toEqual(['0:0', '0:1']);
    await again.commit();
    expect(written.at(-1)).toEqual([{ partition: 0, offset: '4' }]);
    await again.commit(); // a batch counts once
    expect(written).toHaveLength(2);
  });

  it('after a new generation without a partition, its old batches still commit what was acknowledged but do not come back on release', async () => {
    const { d, written } = delivery();
    d.add(recs(0, 0, 1, 2));
    const old1 = await d.fetch(1, 10);
    const old2 = await d.fetch(1, 10);
    d.newGeneration();
    await old2.release();
    d.add(recs(0, 1, 2)); // read again from the committed offset
    expect(names((await d.fetch(10, 10)).records)).toEqual(['0:1', '0:2']);
    await old1.commit();
    expect(written).toEqual([[{ partition: 0, offset: '1' }]]);
  });

  it('a new generation keeping a partition (a rejoin after a broker restart) redelivers nothing of it: batches in flight stay acknowledgeable and come back on release', async () => {
    const { d, written } = delivery();
    d.add([...recs(0, 0, 1, 2, 3, 4), ...recs(1, 0, 1)]);
    const a = await d.fetch(2, 10); // 0:0 0:1
    const b = await d.fetch(2, 10); // 0:2 0:3
    d.newGeneration([0]); // partition 1 went elsewhere
    d.add(recs(0, 0, 1, 2, 3, 4, 5)); // read again from the committed offset (nothing committed yet), plus a new record
    const c = await d.fetch(10, 10);
    expect(names(c.records)).toEqual(['0:4', '0:5']); // buffered before, and the new one; no 1:x
    await b.release();
    expect(names((await d.fetch(10, 10)).records)).toEqual(['0:2', '0:3']);
    await a.commit();
    await c.commit();
    expect(written).toEqual([[{ partition: 0, offset: '2' }]]); // 0:2 and 0:3 are in flight again
  });

  it('measures room to read ahead and what waiting fetches miss', async () => {
    const { d } = delivery();
    expect(d.room()).toBe(5_000);
    expect(d.wanted()).toBe(0);
    const pending = d.fetch(10, 30);
    d.add(recs(0, 0, 1, 2));
    expect(d.wanted()).toBe(7);
    expect(d.room()).toBe(4_997);
    await pending;
    d.add(Array.from({ length: 5_000 }, (_, i) => rec(1, i)));
    expect(d.room()).toBe(0);
  });

  it('rejects waiting fetches on failure; on close answers them empty, waits for commits under way and ignores later settles', async () => {
    let finishWrite: () => void = () => undefined;
    const writes: CommitPoint[][] = [];
    const d = new GroupDelivery({
      commit: (points) => {
        writes.push(points);
        return new Promise<void>((resolve) => (finishWrite = resolve));
      },
      commitFailed: (e) => e,
    });
    const failing = d.fetch(1, 10_000);
    d.failWaiting(new Error('read failed'));
    await expect(failing).rejects.toThrow('read failed');

    d.add(recs(0, 0, 1));
    const a = await d.fetch(1, 10);
    const b = await d.fetch(1, 10);
    const committing = a.commit();
    const waiting = d.fetch(1, 10_000);
    let closed = false;
    const closing = d.close().then(() => (closed = true));
    expect((await waiting).records).toEqual([]);
    await b.commit(); // after close: nothing
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false); // the write under way is awaited
    finishWrite();
    await committing;
    await closing;
    expect(writes).toEqual([[{ partition: 0, offset: '1' }]]);
  });

  it('is idle only with nothing waiting or in flight for the idle time', async () => {
    const { d } = delivery();
    d.add(recs(0, 0));
    const batch = await d.fetch(1, 10);
    expect(d.isIdle(Date.now() + 1_000, 500)).toBe(false); // in flight
    await batch.commit();
    expect(d.isIdle(Date.now() + 1_000, 500)).toBe(true);
    expect(d.isIdle(Date.now(), 500)).toBe(false);
  });
});

describe('CommitQueue', () => {
  it('writes one at a time, merging points requested meanwhile into the next write (the latest per partition)', async () => {
    const writes: CommitPoint[][] = [];
    const finish: Array<() => void> = [];
    const q = new CommitQueue(
      (points) => {
        writes.push(points);
        return new Promise<void>((resolve) => finish.push(resolve));
      },
      (e) => e,
    );
    const first = q.commit([{ partition: 0, offset: '5' }]);
    const second = q.commit([{ partition: 0, offset: '7' }]);
    const third = q.commit([{ partition: 1, offset: '2' }, { partition: 0, offset: '9' }]);
    expect(writes).toHaveLength(1);
    finish[0]();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([
      [{ partition: 0, offset: '5' }],
      [
        { partition: 0, offset: '9' },
        { partition: 1, offset: '2' },
      ],
    ]);
    finish[1]();
    await Promise.all([second, third, q.settled()]);
  });

  it('rejects the callers of a failed write with the mapped error, or resolves them when the failure is harmless', async () => {
    let fail: unknown = new Error('down');
    const q = new CommitQueue(
      async () => {
        throw fail;
      },
      (e) => ((e as Error).message === 'harmless' ? null : new Error(`mapped: ${(e as Error).message}`)),
    );
    await expect(q.commit([{ partition: 0, offset: '1' }])).rejects.toThrow('mapped: down');
    fail = new Error('harmless');
    await expect(q.commit([{ partition: 0, offset: '2' }])).resolves.toBeUndefined();
    await expect(q.settled()).resolves.toBeUndefined();
  });

  it('writes the points of a failed write with the next one, unless a later point replaced them', async () => {
    const writes: CommitPoint[][] = [];
    let down = true;
    const q = new CommitQueue(
      async (points) => {
        writes.push(points);
        if (down) throw new Error('down');
      },
      () => null,
    );
    await q.commit([{ partition: 0, offset: '5' }, { partition: 1, offset: '3' }]);
    down = false;
    await q.commit([{ partition: 1, offset: '4' }]);
    expect(writes).toEqual([
      [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '3' },
      ],
      [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '4' },
      ],
    ]);
  });
});
