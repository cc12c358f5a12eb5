import { OffsetTracker } from './offset-tracker';

const recs = (partition: number, ...offsets: number[]) => offsets.map((o) => ({ partition, offset: String(o) }));

function trackAll(t: OffsetTracker, partition: number, ...offsets: number[]) {
  for (const o of offsets) expect(t.track(partition, String(o))).toBe(true);
}

describe('OffsetTracker', () => {
  it('commits after the highest acknowledged offset of a contiguous prefix', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 10, 11, 12, 13);
    expect(t.ack(recs(0, 10, 11))).toEqual([{ partition: 0, offset: '12' }]);
    expect(t.ack(recs(0, 12, 13))).toEqual([{ partition: 0, offset: '14' }]);
    expect(t.pendingCount()).toBe(0);
  });

  it('never commits past an earlier batch of the same partition that is still in flight', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 0, 1, 2, 3, 4, 5);
    expect(t.ack(recs(0, 3, 4, 5))).toEqual([]); // 0..2 still in flight
    expect(t.ack(recs(0, 0, 1, 2))).toEqual([{ partition: 0, offset: '6' }]);
  });

  it('keeps released (unacknowledged) records blocking until they are acknowledged after redelivery', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 0, 1, 2, 3);
    // batch [0,1] released: nothing acked; batch [2,3] committed
    expect(t.ack(recs(0, 2, 3))).toEqual([]);
    expect(t.ack(recs(0, 0, 1))).toEqual([{ partition: 0, offset: '4' }]);
  });

  it('tracks partitions independently', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 0, 1);
    trackAll(t, 1, 0, 1);
    expect(t.ack([...recs(1, 0, 1), ...recs(0, 1)])).toEqual([{ partition: 1, offset: '2' }]);
    expect(t.ack(recs(0, 0))).toEqual([{ partition: 0, offset: '2' }]);
  });

  it('handles offset gaps (compaction, transaction markers) and 64-bit offsets', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 5, 9);
    t.track(0, '9007199254740993');
    expect(t.ack(recs(0, 5, 9))).toEqual([{ partition: 0, offset: '10' }]);
    expect(t.ack([{ partition: 0, offset: '9007199254740993' }])).toEqual([{ partition: 0, offset: '9007199254740994' }]);
  });

  it('refuses offsets it has tracked already (a re-read of the log)', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 0, 1);
    expect(t.track(0, '1')).toBe(false);
    expect(t.track(0, '0')).toBe(false);
    expect(t.track(0, '2')).toBe(true);
  });

  it('ignores acknowledgements of untracked records', () => {
    const t = new OffsetTracker();
    trackAll(t, 0, 0);
    trackAll(t, 1, 0);
    expect(t.ack([...recs(1, 5), ...recs(2, 7)])).toEqual([]);
    expect(t.pendingCount()).toBe(2);
  });

  it('stays correct across compaction of its internal queue', () => {
    const t = new OffsetTracker();
    const n = 5000;
    for (let i = 0; i < n; i++) t.track(0, String(i));
    for (let i = 0; i < n; i += 100) {
      const batch = recs(0, ...Array.from({ length: 100 }, (_, k) => i + k));
      expect(t.ack(batch)).toEqual([{ partition: 0, offset: String(i + 100) }]);
    }
    expect(t.pendingCount()).toBe(0);
  });
});
