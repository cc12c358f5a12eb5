/** One partition's offset to commit: the offset of the next record to read (Kafka's convention). */
export interface CommitPoint {
  partition: number;
  offset: string;
}

interface Entry {
  offset: bigint;
  acked: boolean;
}

interface PartitionState {
  /** Records taken from the log and not yet committed, in offset order; `head` skips the committed ones. */
  entries: Entry[];
  head: number;
  byOffset: Map<bigint, Entry>;
  lastTracked: bigint;
}

/**
 * Decides what a group may commit. Every record pulled from the log is tracked
 * until acknowledged; a partition's commit point only moves over a contiguous
 * run of acknowledged records, so a batch acknowledged before an earlier one of
 * the same partition (still in flight or released back to the buffer) commits
 * nothing yet. Offsets may have gaps (compaction, transaction markers), which is
 * why we walk tracked entries instead of counting offsets.
 */
export class OffsetTracker {
  private readonly partitions = new Map<number, PartitionState>();

  /** Registers a record read from the log; false when it was already tracked (a re-read), so callers skip it. */
  track(partition: number, offset: string): boolean {
    const value = BigInt(offset);
    let state = this.partitions.get(partition);
    if (!state) {
      state = { entries: [], head: 0, byOffset: new Map(), lastTracked: -1n };
      this.partitions.set(partition, state);
    }
    if (value <= state.lastTracked) return false;
    const entry = { offset: value, acked: false };
    state.entries.push(entry);
    state.byOffset.set(value, entry);
    state.lastTracked = value;
    return true;
  }

  /** Acknowledges delivered records; returns the partitions whose commit point moved, with the new point. */
  ack(records: ReadonlyArray<{ partition: number; offset: string }>): CommitPoint[] {
    const touched = new Set<number>();
    for (const { partition, offset } of records) {
      const entry = this.partitions.get(partition)?.byOffset.get(BigInt(offset));
      if (entry) {
        entry.acked = true;
        touched.add(partition);
      }
    }
    const points: CommitPoint[] = [];
    for (const partition of touched) {
      const next = this.advance(this.partitions.get(partition)!);
      if (next !== null) points.push({ partition, offset: next.toString() });
    }
    return points;
  }

  /**
   * A tracker for the group's next generation that keeps what this one knows
   * of `partitions` (still assigned here): the same state, so batches of
   * either generation acknowledge into it, and records re-read from the
   * committed offset are recognised as already held (in flight or buffered).
   */
  carryOver(partitions: Iterable<number>): OffsetTracker {
    const next = new OffsetTracker();
    for (const p of partitions) {
      const state = this.partitions.get(p);
      if (state) next.partitions.set(p, state);
    }
    return next;
  }

  /** True when both trackers hold the same state for the partition (it was carried over, or neither knows it). */
  sameState(partition: number, other: OffsetTracker): boolean {
    return this.partitions.get(partition) === other.partitions.get(partition);
  }

  /** Records tracked and not yet committed (tests, diagnostics). */
  pendingCount(): number {
    let n = 0;
    for (const s of this.partitions.values()) n += s.entries.length - s.head;
    return n;
  }

  private advance(state: PartitionState): bigint | null {
    let last: bigint | null = null;
    while (state.head < state.entries.length && state.entries[state.head].acked) {
      const entry = state.entries[state.head++];
      state.byOffset.delete(entry.offset);
      last = entry.offset;
    }
    // Compact now and then instead of shifting on every acknowledgement.
    if (state.head > 1024 && state.head * 2 > state.entries.length) {
      state.entries = state.entries.slice(state.head);
      state.head = 0;
    }
    return last === null ? null : last + 1n;
  }
}
