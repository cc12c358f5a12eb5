import { randomBytes } from 'node:crypto';
import type { ConsumedRecord, DeliveredBatch, LogBackend } from '@restgw/message-log';

/** The group is being handed to another replica (or was lost): route the request again. */
export class GroupMovingError extends Error {
  constructor(group: string) {
    super(`consumer group ${group} is moving`);
    this.name = 'GroupMovingError';
  }
}

/** One consume answer. `id` names the batch for explicit acknowledgement (null when empty). */
export interface Delivery {
  readonly id: string | null;
  readonly records: ConsumedRecord[];
  /** The answer could not be handed to the client: its records become deliverable again at once. */
  returned(): void;
}

export const EMPTY_DELIVERY: Delivery = Object.freeze({ id: null, records: [], returned: () => undefined });

/** A batch as the log backend handed it out: committed once every one of its records is acknowledged. */
interface Source {
  batch: DeliveredBatch;
  open: number;
}

interface Slot {
  record: ConsumedRecord;
  source: Source;
}

interface Lease {
  id: string;
  consumer: string;
  slots: Slot[];
  timer: NodeJS.Timeout;
}

/**
 * Leased delivery for one consumer group on its owning replica. A delivered
 * batch stays in flight, leased to the consumer that received it, until that
 * consumer asks again (implicit acknowledgement: Memphis clients just poll) or
 * acknowledges it explicitly, or until the visibility timeout lapses, when its
 * records go to the next request of any member. Acknowledged records are
 * committed through the backend's batches, which commit per partition only the
 * contiguous acknowledged prefix; a backend batch split by redelivery is
 * committed once all its records are acknowledged.
 */
export class LeasedGroup {
  private readonly leases = new Map<string, Lease>();
  private redeliver: Slot[] = [];
  private readonly commits = new Set<Promise<void>>();
  private pendingFetches = 0;
  private lastActivity = Date.now();
  private stopping = false;
  private closed = false;
  private onSettled: (() => void) | null = null;

  constructor(
    private readonly log: LogBackend,
    readonly topic: string,
    readonly group: string,
    private readonly visibilityTimeoutMs: number,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  get draining(): boolean {
    return this.stopping || this.closed;
  }

  /**
   * Acknowledges what `consumer` holds (it asked again), then answers with up to
   * maxRecords records: redeliveries at once, else from the log within maxWaitMs.
   */
  async fetch(consumer: string, maxRecords: number, maxWaitMs: number): Promise<Delivery> {
    this.touch();
    // The previous batch is committed (as far as the contiguous prefix allows)
    // before this consumer gets the next: a crash then re-delivers at most the
    // batches in flight and the ones being acknowledged, not a commit backlog.
    await this.acknowledge(consumer);
    if (this.draining) throw new GroupMovingError(this.group);
    if (this.redeliver.length) return this.lease(consumer, this.redeliver.splice(0, maxRecords));

    this.pendingFetches++;
    let batch: DeliveredBatch;
    try {
      batch = await this.log.fetch({ topic: this.topic, group: this.group, maxRecords, maxWaitMs });
    } finally {
      this.pendingFetches--;
      this.touch();
    }
    if (this.draining) {
      // Never handed out: the next owner reads these records again from the committed offset.
      await batch.release().catch(() => undefined);
      throw new GroupMovingError(this.group);
    }
    if (batch.records.length === 0) return EMPTY_DELIVERY;
    const source: Source = { batch, open: batch.records.length };
    return this.lease(consumer, batch.records.map((record) => ({ record, source })));
  }

  /**
   * Acknowledges the consumer's batch `batchId`, or all it holds; resolves with
   * how many batches, once the commits they allow have been made.
   */
  async acknowledge(consumer: string, batchId?: string): Promise<number> {
    const commits: Array<Promise<void>> = [];
    let n = 0;
    for (const lease of [...this.leases.values()]) {
      if (lease.consumer === consumer && (batchId === undefined || lease.id === batchId) && this.settle(lease, true, commits)) n++;
    }
    if (n) this.touch();
    await Promise.all(commits);
    return n;
  }

  /** Batches in flight (tests, diagnostics). */
  inFlight(): number {
    return this.leases.size;
  }

  isIdle(now: number, idleMs: number): boolean {
    return this.leases.size === 0 && this.pendingFetches === 0 && now - this.lastActivity >= idleMs;
  }

  /**
   * Stops handing out records and waits (at most timeoutMs) until every batch
   * in flight was acknowledged or expired, then for the commits under way.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.leases.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.onSettled = () => {
          if (this.leases.size > 0) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.onSettled = null;
    }
    await Promise.all(this.commits);
  }

  /** Drops every lease: what was not acknowledged is read again by the next owner. */
  close(): void {
    this.closed = true;
    for (const lease of this.leases.values()) clearTimeout(lease.timer);
    this.leases.clear();
    this.redeliver = [];
  }

  private lease(consumer: string, slots: Slot[]): Delivery {
    const lease: Lease = {
      id: randomBytes(9).toString('base64url'),
      consumer,
      slots,
      timer: setTimeout(() => this.settle(lease, false), this.visibilityTimeoutMs),
    };
    this.leases.set(lease.id, lease);
    return { id: lease.id, records: slots.map((s) => s.record), returned: () => void this.settle(lease, false) };
  }

  /** Ends a lease: acknowledged (commit what completes; the commits go to `commits`) or not (deliver again). */
  private settle(lease: Lease, acked: boolean, commits: Array<Promise<void>> = []): boolean {
    if (!this.leases.delete(lease.id)) return false;
    clearTimeout(lease.timer);
    if (acked) {
      for (const { source } of lease.slots) if (--source.open === 0) commits.push(this.commit(source.batch));
    } else if (!this.closed) {
      this.redeliver = [...lease.slots, ...this.redeliver].sort(byPosition);
    }
    this.onSettled?.();
    return true;
  }

  private commit(batch: DeliveredBatch): Promise<void> {
    const run: Promise<void> = batch
      .commit()
      .catch((e: Error) => this.onError(`commit for group ${this.group} failed (its records may be delivered again): ${e.message}`))
      .finally(() => this.commits.delete(run));
    this.commits.add(run);
    return run;
  }

  private touch(): void {
    this.lastActivity = Date.now();
  }
}

function byPosition(a: Slot, b: Slot): number {
  if (a.record.partition !== b.record.partition) return a.record.partition - b.record.partition;
  const x = BigInt(a.record.offset);
  const y = BigInt(b.record.offset);
  return x < y ? -1 : x > y ? 1 : 0;
}
