import { LogError, LogErrorKind, type ConsumedRecord, type DeliveredBatch } from '../log-backend';
import { OffsetTracker } from '../kafka/offset-tracker';
import { RecordBuffer } from '../kafka/record-buffer';
import type { EmbeddedLogStore } from './embedded-log.store';

/** Read ahead at most this much per group (the largest consume batch is 5000 records). */
const HIGH_WATER_RECORDS = 5_000;
const HIGH_WATER_BYTES = 16 * 1024 * 1024;

interface Waiter {
  maxRecords: number;
  resolve(batch: DeliveredBatch): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * One consumer group of one topic in this process, with the Kafka adapter's
 * delivery semantics: records read from the store go to a buffer, fetch()
 * hands out disjoint records (so concurrent fetches never share one), commit()
 * stores per partition only the contiguous acknowledged prefix (OffsetTracker),
 * release() puts the records back at the front. Nothing is committed before
 * commit(), so records delivered and never committed are read again by the
 * group's next reader (after a restart, at-least-once).
 *
 * Waiting fetches are woken by the backend when a NOTIFY names the topic (no
 * polling). A group is served by one process at a time: the embedded log is
 * for one machine and the local profile runs one gateway.
 */
export class GroupReader {
  private readonly buffer = new RecordBuffer();
  private readonly tracker = new OffsetTracker();
  /** Next offset to read per partition; partitions not read yet start at the group's committed offset. */
  private readonly positions = new Map<number, bigint>();
  private readonly waiters: Waiter[] = [];
  private loading: Promise<void> | null = null;
  private again = false;
  private inFlight = 0;
  private closed = false;
  private lastActivity = Date.now();
  private commits: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EmbeddedLogStore,
    readonly group: string,
    readonly topic: string,
  ) {}

  fetch(maxRecords: number, maxWaitMs: number): Promise<DeliveredBatch> {
    this.lastActivity = Date.now();
    return new Promise<DeliveredBatch>((resolve, reject) => {
      const waiter: Waiter = { maxRecords, resolve, reject, timer: setTimeout(() => this.answer(waiter), maxWaitMs) };
      this.waiters.push(waiter);
      this.serveWaiters();
      if (this.waiters.includes(waiter)) this.wake();
    });
  }

  /** New records may be in the store: load them if a fetch waits for more. */
  wake(): void {
    if (this.closed || this.waiters.length === 0) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = this.loadLoop().finally(() => {
      this.loading = null;
    });
  }

  isIdle(now: number, idleMs: number): boolean {
    return this.waiters.length === 0 && this.inFlight === 0 && now - this.lastActivity >= idleMs;
  }

  /** Pending fetches answer with no records (the buffer is dropped); commits under way finish first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    for (const w of [...this.waiters]) this.answer(w);
    await this.loading;
    await this.commits;
  }

  private async loadLoop(): Promise<void> {
    do {
      this.again = false;
      const wanted = Math.max(0, ...this.waiters.map((w) => w.maxRecords)) - this.buffer.count;
      const room = HIGH_WATER_RECORDS - this.buffer.count;
      if (wanted <= 0 || room <= 0 || this.buffer.bytes >= HIGH_WATER_BYTES) break;
      let records: ConsumedRecord[];
      try {
        records = await this.store.read(this.topic, this.group, this.positions, Math.min(wanted, room));
      } catch (e) {
        this.failWaiters(e);
        return;
      }
      if (this.closed) return;
      for (const r of records) {
        // track() refuses what this reader has seen already (never two copies in the buffer).
        if (this.tracker.track(r.partition, r.offset)) this.buffer.push(r);
        this.positions.set(r.partition, BigInt(r.offset) + 1n);
      }
      this.serveWaiters();
      // A full read may have left more behind: read on while fetches wait.
      if (records.length > 0 && this.waiters.length > 0) this.again = true;
    } while (this.again && !this.closed && this.waiters.length > 0);
  }

  private serveWaiters(): void {
    for (const w of [...this.waiters]) {
      if (this.buffer.count === 0) break;
      if (this.buffer.count >= w.maxRecords) this.answer(w);
    }
  }

  /** A read failure rejects the waiting fetches (callers answer 503); the next fetch reads again. */
  private failWaiters(e: unknown): void {
    const error = new LogError(LogErrorKind.Unavailable, `embedded log read failed for group ${this.group}: ${(e as Error).message}`);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
  }

  private answer(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    clearTimeout(waiter.timer);
    this.lastActivity = Date.now();
    waiter.resolve(this.deliver(this.buffer.take(waiter.maxRecords)));
  }

  private deliver(records: ConsumedRecord[]): DeliveredBatch {
    if (records.length === 0) return { records, commit: async () => undefined, release: async () => undefined };
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
        const points = this.tracker.ack(records);
        if (points.length) await this.commit(points);
      },
      release: async () => {
        if (!settle()) return;
        this.buffer.putBack(records);
        this.serveWaiters();
      },
    };
  }

  /** One commit after another, so a later point never lands before an earlier one. */
  private commit(points: Array<{ partition: number; offset: string }>): Promise<void> {
    const run = this.commits.then(() => this.store.commit(this.group, this.topic, points));
    this.commits = run.catch(() => undefined);
    return run.catch((e) => {
      throw new LogError(LogErrorKind.Unavailable, `commit for group ${this.group} failed: ${(e as Error).message}`);
    });
  }
}
