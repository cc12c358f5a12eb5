import type { ConsumedRecord } from '../log-backend';
import { RecordBuffer, recordBytes, sortWithinPartitions } from './record-buffer';

const rec = (partition: number, offset: number, value = 'x'): ConsumedRecord => ({
  partition,
  offset: String(offset),
  value: Buffer.from(value),
  headers: {},
  timestamp: 0,
});
const ids = (records: ConsumedRecord[]) => records.map((r) => `${r.partition}:${r.offset}`);

describe('RecordBuffer', () => {
  it('takes from the front and accounts bytes', () => {
    const b = new RecordBuffer();
    [rec(0, 0), rec(1, 0), rec(0, 1)].forEach((r) => b.push(r));
    expect(b.count).toBe(3);
    expect(ids(b.take(2))).toEqual(['0:0', '1:0']);
    expect(b.count).toBe(1);
    expect(b.bytes).toBe(recordBytes(rec(0, 1)));
    expect(ids(b.take(5))).toEqual(['0:1']);
    expect(b.bytes).toBe(0);
  });

  it('puts released records back at the front in offset order per partition', () => {
    const b = new RecordBuffer();
    [rec(0, 4), rec(1, 7), rec(0, 5)].forEach((r) => b.push(r));
    // two batches released in the "wrong" order
    b.putBack([rec(0, 2), rec(0, 3)]);
    b.putBack([rec(0, 0), rec(1, 6), rec(0, 1)]);
    const all = b.take(100);
    const p0 = all.filter((r) => r.partition === 0).map((r) => r.offset);
    const p1 = all.filter((r) => r.partition === 1).map((r) => r.offset);
    expect(p0).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(p1).toEqual(['6', '7']);
  });

  it('clear() empties records and bytes', () => {
    const b = new RecordBuffer();
    b.push(rec(0, 0, 'hello'));
    b.clear();
    expect([b.count, b.bytes]).toEqual([0, 0]);
  });
});

describe('sortWithinPartitions', () => {
  it('keeps each slot with its partition', () => {
    const list = [rec(0, 3), rec(1, 9), rec(0, 1), rec(1, 2), rec(2, 0)];
    sortWithinPartitions(list);
    expect(ids(list)).toEqual(['0:1', '1:2', '0:3', '1:9', '2:0']);
  });
});
