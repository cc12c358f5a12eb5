import type { ConsumedRecord, DeliveredBatch } from '../log-backend';
import { CommitQueue } from './commit-queue';
import { OffsetTracker, type CommitPoint } from './offset-tracker';
import { RecordBuffer } from './record-buffer';

/**
 * Read ahead at most this much per group. 5000 records is the largest batch a
 * consume request may ask for, so a full-size fetch can still complete early.
 */
const HIGH_WATER_RECORDS = 5_000;
const HIGH_WATER_BYTES = 16 * 1024 * 1024;

interface Waiter {
  maxRecords: number;
  resolve(batch: DeliveredBatch): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

/** What an adapter's group consumer plugs in. */
export interface GroupDeliveryHooks {
  /** Stores commit points in the log (one write at a time, see CommitQueue). */
  commit(points: CommitPoint[]): Promise<void>;
  /** A failed commit write -> the error its callers get, or null when it is harmless. */
  commitFailed(e: unknown): unknown | null;
  /** A fetch was left waiting for records: read more (or get partitions to read). */
  onWaiting?(): void;
  /** Records left the buffer or came back to it: a held read-ahead may go on. */
  onBufferChanged?(): void;
}

/**
 * The in-flight side of one consumer group in this process, the same for every
 * adapter: records the adapter read from the log wait in a buffer; fetch()
 * hands out disjoint records, so concurrent fetches never share one; a
 * delivered batch's commit() commits per partition only the contiguous
 * acknowledged prefix (OffsetTracker), release() puts its records back at the
 * front. Exactly one of them counts per batch, and none after close().
 * Nothing is committed before commit(), so records delivered and never
 * committed are read again by the group's next consumer (at-least-once).
 *
 * A new generation (Kafka: a rebalance, or a rejoin after the broker
 * restarted, after which the log is read again from the committed offsets)
 * keeps what the old one held of the partitions still assigned here: their
 * batches in flight stay acknowledgeable and come back on release, and the
 * re-read of their records is skipped, so a rejoin redelivers nothing. Of the
 * partitions that went elsewhere it drops the buffered records; their batches
 * delivered before still commit their acknowledged prefix (never past an
 * undelivered record, so nothing is skipped) but are not put back on release.
 */
export class GroupDelivery {
  private readonly buffer = new RecordBuffer();
  private tracker = new OffsetTracker();
  private readonly waiters: Waiter[] = [];
  private readonly commits: CommitQueue;
  private inFlight = 0;
  private lastActivity = Date.now();
  private closed = false;

  constructor(private readonly hooks: GroupDeliveryHooks) {
    this.commits = new CommitQueue(hooks.commit, hooks.commitFailed);
  }

  /** Resolves with up to maxRecords records: as soon as that many are buffered, else after maxWaitMs with what is there. */
  fetch(maxRecords: number, maxWaitMs: number): Promise<DeliveredBatch> {
    this.lastActivity = Date.now();
    return new Promise<DeliveredBatch>((resolve, reject) => {
      const waiter: Waiter = { maxRecords, resolve, reject, timer: setTimeout(() => this.answer(waiter), maxWaitMs) };
      this.waiters.push(waiter);
      this.serveWaiters();
      if (this.waiters.includes(waiter)) this.hooks.onWaiting?.();
    });
  }

  /** Records read from the log, in log order; those this generation has seen already (a re-read) are skipped. */
  add(records: ConsumedRecord[]): void {
    if (this.closed) return;
    for (const r of records) if (this.tracker.track(r.partition, r.offset)) this.buffer.push(r);
    this.serveWaiters();
  }

  /** Fetches waiting now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Records the largest waiting fetch still misses (0 or less: none). */
  wanted(): number {
    return Math.max(0, ...this.waiters.map((w) => w.maxRecords)) - this.buffer.count;
  }

  /** Records that may still be read ahead (0: the buffer is full, hold reading). */
  room(): number {
    if (this.buffer.bytes >= HIGH_WATER_BYTES) return 0;
    return Math.max(0, HIGH_WATER_RECORDS - this.buffer.count);
  }

  /**
   * The log is read again from the committed offsets, with `kept` still
   * assigned here: what the old generation held of other partitions goes.
   */
  newGeneration(kept: Iterable<number> = []): void {
    const assigned = new Set(kept);
    this.tracker = this.tracker.carryOver(assigned);
    this.buffer.retain((r) => assigned.has(r.partition));
  }

  /** Rejects the waiting fetches (reading failed); later fetches wait again. */
  failWaiting(error: unknown): void {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  }

  /** Nothing waits, nothing is in flight, and no fetch came for idleMs. */
  isIdle(now: number, idleMs: number): boolean {
    return this.waiters.length === 0 && this.inFlight === 0 && now - this.lastActivity >= idleMs;
  }

  /** Resolves once no commit is under way (never rejects). */
  commitsSettled(): Promise<void> {
    return this.commits.settled();
  }

  /**
   * Waiting fetches answer with no records and the buffer is dropped; batches
   * settled from now on neither commit nor come back (their records are read
   * again by the group's next consumer). Resolves once commits already
   * requested are done.
   */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.buffer.clear();
      for (const w of [...this.waiters]) this.answer(w);
    }
    return this.commits.settled();
  }

  /** Answers every waiter whose full batch is buffered, oldest first. */
  private serveWaiters(): void {
    for (const w of [...this.waiters]) {
      if (this.buffer.count === 0) break;
      if (this.buffer.count >= w.maxRecords) this.answer(w);
    }
  }

  private answer(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    clearTimeout(waiter.timer);
    this.lastActivity = Date.now();
    waiter.resolve(this.deliver(this.buffer.take(waiter.maxRecords)));
    this.hooks.onBufferChanged?.();
  }

  private deliver(records: ConsumedRecord[]): DeliveredBatch {
    if (records.length === 0) return { records, commit: async () => undefined, release: async () => undefined };
    const tracker = this.tracker;
    let settled = false;
    this.inFlight++;
    const settle = () => {
      if (settled) return false;
      settled = true;
      this.inFlight--;
      this.lastActivity = Date.now();
      return !this.closed;
    };
    return {
      records,
      commit: async () => {
        if (!settle()) return;
        const points = tracker.ack(records);
        if (points.length) await this.commits.commit(points);
      },
      release: async () => {
        if (!settle()) return;
        // Records of partitions that went elsewhere are read again from the committed offset there.
        const back = records.filter((r) => this.tracker.sameState(r.partition, tracker));
        if (!back.length) return;
        this.buffer.putBack(back);
        this.serveWaiters();
        this.hooks.onBufferChanged?.();
      },
    };
  }
}
