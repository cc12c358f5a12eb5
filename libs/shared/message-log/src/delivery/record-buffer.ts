import type { ConsumedRecord } from '../log-backend';

/** Approximate memory a record holds, for flow control. */
export function recordBytes(record: ConsumedRecord): number {
  let n = record.value.length + 64;
  for (const [k, v] of Object.entries(record.headers)) n += k.length + v.length;
  return n;
}

/**
 * A group's records read from the log and not handed out yet, oldest first.
 * Per partition the buffer stays in offset order, also after records come back
 * from a released batch; across partitions the arrival interleaving is kept.
 */
export class RecordBuffer {
  private records: ConsumedRecord[] = [];
  private byteCount = 0;

  get count(): number {
    return this.records.length;
  }

  get bytes(): number {
    return this.byteCount;
  }

  push(record: ConsumedRecord): void {
    this.records.push(record);
    this.byteCount += recordBytes(record);
  }

  /** Removes and returns up to n records from the front. */
  take(n: number): ConsumedRecord[] {
    const taken = this.records.splice(0, n);
    for (const r of taken) this.byteCount -= recordBytes(r);
    return taken;
  }

  /** Puts released records back at the front, then restores offset order within each partition. */
  putBack(records: ConsumedRecord[]): void {
    this.records = [...records, ...this.records];
    for (const r of records) this.byteCount += recordBytes(r);
    sortWithinPartitions(this.records);
  }

  /** Keeps only the records `keep` accepts. */
  retain(keep: (record: ConsumedRecord) => boolean): void {
    const kept = this.records.filter(keep);
    for (const r of this.records) if (!keep(r)) this.byteCount -= recordBytes(r);
    this.records = kept;
  }

  clear(): void {
    this.records = [];
    this.byteCount = 0;
  }
}

/**
 * Sorts each partition's records by offset in place, leaving every slot to the
 * partition that held it (so the interleaving of partitions is unchanged).
 */
export function sortWithinPartitions(records: ConsumedRecord[]): void {
  const slots = new Map<number, number[]>();
  records.forEach((r, i) => {
    const list = slots.get(r.partition);
    if (list) list.push(i);
    else slots.set(r.partition, [i]);
  });
  for (const indexes of slots.values()) {
    const sorted = indexes.map((i) => records[i]).sort((a, b) => compareOffsets(a.offset, b.offset));
    indexes.forEach((slot, k) => (records[slot] = sorted[k]));
  }
}

function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
