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
  /** Waiting for redelivery after its lease lapsed: that lease's consumer may still acknowledge it by asking again. */
  lapsedFrom?: Lease;
}

interface Lease {
  id: string;
  consumer: string;
  slots: Slot[];
  timer: NodeJS.Timeout;
  /** Once lapsed: how many of its slots still wait in the redelivery queue, untaken. */
  waiting: number;
}

/**
 * Leased delivery for one consumer group on its owning replica. A delivered
 * batch stays in flight, leased to the consumer that received it, until that
 * consumer asks again (implicit acknowledgement: Memphis clients just poll) or
 * acknowledges it explicitly, or until the visibility timeout lapses. A lapsed
 * batch goes to the next request of another member; until one takes it, its
 * consumer asking again still acknowledges it, so a consumer that polls less
 * often than the visibility timeout (polling triggers, cron jobs) advances
 * instead of getting the same batch forever. Lapsed batches keep the group
 * open for at most lapsedHoldMs; after that they go to any member, their own
 * consumer included. Acknowledged records are committed through the backend's
 * batches, which commit per partition only the contiguous acknowledged
 * prefix; a backend batch split by redelivery is committed once all its
 * records are acknowledged.
 */
export class LeasedGroup {
  /** Batches in flight whose visibility timeout has not lapsed. */
  private readonly leases = new Map<string, Lease>();
  /** Lapsed batches some of whose records still wait in `redeliver`, untaken. */
  private readonly lapsed = new Map<string, Lease>();
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
    private readonly lapsedHoldMs: number = 24 * 3_600_000,
  ) {}

  get draining(): boolean {
    return this.stopping || this.closed;
  }

  /**
   * Acknowledges what `consumer` holds, lapsed batches included (it asked
   * again), then answers with up to maxRecords records: redeliveries at once,
   * else from the log within maxWaitMs.
   */
  async fetch(consumer: string, maxRecords: number, maxWaitMs: number): Promise<Delivery> {
    this.touch();
    const deadline = Date.now() + maxWaitMs;
    // The previous batch is committed (as far as the contiguous prefix allows)
    // before this consumer gets the next: a crash then re-delivers at most the
    // batches in flight and the ones being acknowledged, not a commit backlog.
    // While the log does not confirm the commit (it is down), the consumer gets
    // nothing new, and its answer still comes within its wait.
    const committed = await this.settleHeld(consumer, maxWaitMs);
    if (this.draining) throw new GroupMovingError(this.group);
    if (!committed) return EMPTY_DELIVERY;
    maxWaitMs = Math.max(0, deadline - Date.now());
    if (this.redeliver.length) return this.lease(consumer, this.take(maxRecords));

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
   * how many batches, once the commits they allow have been made or after
   * waitMs (the acknowledgement stands; the commit finishes in the background).
   */
  async acknowledge(consumer: string, batchId?: string, waitMs = Infinity): Promise<number> {
    const { n, commits } = this.ackLeases(consumer, batchId);
    await within(Promise.all(commits), waitMs);
    return n;
  }

  /** Acknowledges what the consumer holds; false when the commits did not finish within waitMs. */
  private async settleHeld(consumer: string, waitMs: number): Promise<boolean> {
    const { commits } = this.ackLeases(consumer);
    return within(Promise.all(commits), waitMs);
  }

  private ackLeases(consumer: string, batchId?: string): { n: number; commits: Array<Promise<void>> } {
    const commits: Array<Promise<void>> = [];
    const mine = (lease: Lease) => lease.consumer === consumer && (batchId === undefined || lease.id === batchId);
    let n = 0;
    for (const lease of [...this.leases.values()]) {
      if (mine(lease) && this.settle(lease, true, commits)) n++;
    }
    for (const lease of [...this.lapsed.values()]) {
      if (mine(lease) && this.reclaim(lease, commits)) n++;
    }
    if (n) this.touch();
    return { n, commits };
  }

  /** Batches in flight, lapsed ones not included (tests, diagnostics). */
  inFlight(): number {
    return this.leases.size;
  }

  /** Lapsed batches their consumer may still acknowledge (tests, diagnostics). */
  lapsedBatches(): number {
    return this.lapsed.size;
  }

  /** Nothing in flight or lapsed, no fetch waiting, no request for idleMs. */
  isIdle(now: number, idleMs: number): boolean {
    return this.leases.size === 0 && this.lapsed.size === 0 && this.pendingFetches === 0 && now - this.lastActivity >= idleMs;
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

  /**
   * Drops every lease, lapsed ones too (a slow poller then gets its lapsed
   * batch again from the next owner): what was not acknowledged is read again.
   */
  close(): void {
    this.closed = true;
    for (const lease of [...this.leases.values(), ...this.lapsed.values()]) clearTimeout(lease.timer);
    this.leases.clear();
    this.lapsed.clear();
    this.redeliver = [];
  }

  private lease(consumer: string, slots: Slot[]): Delivery {
    const lease: Lease = {
      id: randomBytes(9).toString('base64url'),
      consumer,
      slots,
      timer: setTimeout(() => this.lapse(lease), this.visibilityTimeoutMs),
      waiting: 0,
    };
    this.leases.set(lease.id, lease);
    return { id: lease.id, records: slots.map((s) => s.record), returned: () => this.giveBack(lease) };
  }

  /** Ends a live lease: acknowledged (commit what completes; the commits go to `commits`) or not (deliver again to anyone). */
  private settle(lease: Lease, acked: boolean, commits: Array<Promise<void>> = []): boolean {
    if (!this.leases.delete(lease.id)) return false;
    clearTimeout(lease.timer);
    if (acked) {
      this.ack(lease.slots, commits);
    } else if (!this.closed) {
      this.queue(lease.slots);
    }
    this.onSettled?.();
    return true;
  }

  /** The visibility timeout lapsed: the records go to another member's next request; the consumer may still acknowledge them. */
  private lapse(lease: Lease): void {
    if (!this.leases.delete(lease.id)) return;
    if (!this.closed) {
      for (const slot of lease.slots) slot.lapsedFrom = lease;
      lease.waiting = lease.slots.length;
      lease.timer = setTimeout(() => this.expire(lease), this.lapsedHoldMs);
      this.lapsed.set(lease.id, lease);
      this.queue(lease.slots);
    }
    this.onSettled?.();
  }

  /** Held long enough: the lapsed records stay queued for anyone, their consumer included (at least once). */
  private expire(lease: Lease): void {
    if (!this.lapsed.delete(lease.id)) return;
    for (const slot of this.redeliver) if (slot.lapsedFrom === lease) slot.lapsedFrom = undefined;
  }

  /** The lapsed batch's consumer asked again before anyone took its records: they count as acknowledged. */
  private reclaim(lease: Lease, commits: Array<Promise<void>>): boolean {
    if (!this.lapsed.delete(lease.id)) return false;
    clearTimeout(lease.timer);
    const untaken = this.redeliver.filter((slot) => slot.lapsedFrom === lease);
    this.redeliver = this.redeliver.filter((slot) => slot.lapsedFrom !== lease);
    this.ack(untaken, commits);
    return true;
  }

  /** The answer never reached its client: deliver the records again to anyone, its consumer included. */
  private giveBack(lease: Lease): void {
    if (this.settle(lease, false)) return;
    if (this.lapsed.has(lease.id)) this.expire(lease); // answered slower than the visibility timeout
  }

  /** Takes up to n queued records for a new lease; lapsed batches whose records are all taken can no longer be acknowledged by their consumer. */
  private take(n: number): Slot[] {
    const taken = this.redeliver.splice(0, n);
    for (const slot of taken) {
      const from = slot.lapsedFrom;
      if (!from) continue;
      slot.lapsedFrom = undefined;
      if (--from.waiting === 0 && this.lapsed.delete(from.id)) clearTimeout(from.timer);
    }
    return taken;
  }

  private queue(slots: Slot[]): void {
    this.redeliver = [...slots, ...this.redeliver].sort(byPosition);
  }

  private ack(slots: Slot[], commits: Array<Promise<void>>): void {
    for (const { source } of slots) if (--source.open === 0) commits.push(this.commit(source.batch));
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

/** True when p settled within ms (p's own failures count as settled: commit errors are logged where they happen). */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  if (ms === Infinity) return p.then(() => true, () => true);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([p.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function byPosition(a: Slot, b: Slot): number {
  if (a.record.partition !== b.record.partition) return a.record.partition - b.record.partition;
  const x = BigInt(a.record.offset);
  const y = BigInt(b.record.offset);
  return x < y ? -1 : x > y ? 1 : 0;
}
