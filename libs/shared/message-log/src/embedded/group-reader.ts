import { LogError, LogErrorKind, type ConsumedRecord, type DeliveredBatch } from '../log-backend';
import { GroupDelivery } from '../delivery/group-delivery';
import type { EmbeddedLogStore } from './embedded-log.store';

/**
 * One consumer group of one topic in this process: reads the store into the
 * group's GroupDelivery (the Kafka adapter's delivery semantics: disjoint
 * fetches, commit of the contiguous acknowledged prefix, release back to the
 * front). Nothing is committed before a batch's commit(), so records delivered
 * and never committed are read again by the group's next reader.
 *
 * Waiting fetches are woken by the backend when a NOTIFY names the topic (no
 * polling). A group is served by one process at a time: the embedded log is
 * for one machine and the local profile runs one gateway.
 */
export class GroupReader {
  private readonly delivery: GroupDelivery;
  /** Next offset to read per partition; partitions not read yet start at the group's committed offset. */
  private readonly positions = new Map<number, bigint>();
  private loading: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly store: EmbeddedLogStore,
    readonly group: string,
    readonly topic: string,
  ) {
    this.delivery = new GroupDelivery({
      commit: (points) => store.commit(group, topic, points),
      commitFailed: (e) => new LogError(LogErrorKind.Unavailable, `commit for group ${group} failed: ${(e as Error).message}`),
      onWaiting: () => this.wake(),
    });
  }

  fetch(maxRecords: number, maxWaitMs: number): Promise<DeliveredBatch> {
    return this.delivery.fetch(maxRecords, maxWaitMs);
  }

  /** New records may be in the store: load them if a fetch waits for more. */
  wake(): void {
    if (this.closed || this.delivery.waiting === 0) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = this.loadLoop().finally(() => {
      this.loading = null;
    });
  }

  isIdle(now: number, idleMs: number): boolean {
    return this.delivery.isIdle(now, idleMs);
  }

  /** Pending fetches answer with no records (the buffer is dropped); commits under way finish first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const committed = this.delivery.close();
    await this.loading;
    await committed;
  }

  private async loadLoop(): Promise<void> {
    do {
      this.again = false;
      const limit = Math.min(this.delivery.wanted(), this.delivery.room());
      if (limit <= 0) break;
      let records: ConsumedRecord[];
      try {
        records = await this.store.read(this.topic, this.group, this.positions, limit);
      } catch (e) {
        // The waiting fetches fail (callers answer 503); the next fetch reads again.
        this.delivery.failWaiting(new LogError(LogErrorKind.Unavailable, `embedded log read failed for group ${this.group}: ${(e as Error).message}`));
        return;
      }
      if (this.closed) return;
      for (const r of records) this.positions.set(r.partition, BigInt(r.offset) + 1n);
      this.delivery.add(records);
      // A full read may have left more behind: read on while fetches wait.
      if (records.length > 0 && this.delivery.waiting > 0) this.again = true;
    } while (this.again && !this.closed && this.delivery.waiting > 0);
  }
}
