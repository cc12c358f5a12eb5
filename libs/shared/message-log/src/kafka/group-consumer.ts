import { PartitionAssigners, type Consumer, type ConsumerRunConfig, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
import { LogError, LogErrorKind, type ConsumedRecord, type DeliveredBatch, type MessageHeaders } from '../log-backend';
import { activeFirstAssigner } from './active-first.assigner';
import { isRebalanceError, toLogError } from './kafka-errors';
import { OffsetTracker } from './offset-tracker';
import { RecordBuffer } from './record-buffer';

/**
 * Flow control: kafkajs's fetch loop is held while this much is buffered.
 * 5000 records is the largest batch a consume request may ask for, so a
 * full-size fetch can still complete early.
 */
const HIGH_WATER_RECORDS = 5_000;
const HIGH_WATER_BYTES = 16 * 1024 * 1024;
/** While the fetch loop is held, the member heartbeats this often (well within its session). */
const HOLD_HEARTBEAT_MS = 1_000;

/** A member left without partitions while fetches wait on it rejoins, at most this often. */
const REJOIN_INTERVAL_MS = 2_000;

interface Waiter {
  maxRecords: number;
  resolve(batch: DeliveredBatch): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Pull on top of kafkajs's push model for one consumer group. kafkajs runs
 * with eachBatch and autoCommit off, pushing records into an in-memory buffer
 * (its fetch position moves on, nothing is committed); fetch() takes records
 * from the buffer, so concurrent fetches get disjoint records. A delivered
 * batch's commit() commits per partition only the contiguous acknowledged
 * prefix (OffsetTracker); release() puts its records back at the front.
 *
 * A rebalance (or a consumer restart after a crash) makes kafkajs read again
 * from the committed offsets: the buffer and tracker of the old generation are
 * dropped. Batches delivered before it still commit their acknowledged prefix
 * (never past an undelivered record, so nothing is skipped) but are not put
 * back on release, as their records are read again anyway (at-least-once).
 *
 * Any gateway replica may serve a group: partitions go to members with
 * waiting fetches (activeFirstAssigner), and a member left without partitions
 * while fetches wait on it rejoins to trigger that choice again.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private readonly buffer = new RecordBuffer();
  private tracker = new OffsetTracker();
  private readonly waiters: Waiter[] = [];
  private generation = 0;
  /** Partitions assigned at the last join; null before the first. */
  private assigned: number | null = null;
  private lastJoinAt = 0;
  private rejoinTimer: NodeJS.Timeout | undefined;
  private rejoining: Promise<void> | null = null;
  private inFlight = 0;
  /** eachBatch calls held while the buffer is full, woken when there is room again. */
  private roomWaiters: Array<() => void> = [];
  private closed = false;
  private failure: LogError | null = null;
  private lastActivity = Date.now();
  /** The commit loop under way (awaited before leaving the group); never rejects. */
  private commits: Promise<void> = Promise.resolve();
  private committing = false;
  private readonly pendingCommit = new Map<number, string>();
  private commitWaiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  private readonly started: Promise<void>;
  private readonly runConfig: ConsumerRunConfig = { autoCommit: false, eachBatch: (payload) => this.onBatch(payload) };

  constructor(
    kafka: Kafka,
    readonly group: string,
    readonly topic: string,
    private readonly onFailed: (consumer: GroupConsumer) => void,
    sessionTimeoutMs = 10_000,
  ) {
    this.consumer = kafka.consumer({
      groupId: group,
      // A member that died without leaving holds up the next owner's join until its session lapses.
      sessionTimeout: sessionTimeoutMs,
      allowAutoTopicCreation: false,
      // How long the broker may hold an empty fetch.
      maxWaitTimeInMs: 1_000,
      // Members notice a rebalance on their next heartbeat: keep that short so a replica joining for a waiting fetch is served quickly.
      heartbeatInterval: 1_000,
      // The round-robin fallback keeps mixed versions of the gateway in one group during a rolling upgrade.
      partitionAssigners: [
        activeFirstAssigner(() => ({ waiting: this.waiters.length, owned: this.assigned ?? 0 })),
        PartitionAssigners.roundRobin,
      ],
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onNewGeneration(payload.memberAssignment[topic]?.length ?? 0));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // restart: kafkajs rejoins by itself (GROUP_JOIN follows); otherwise this consumer is dead.
      if (!payload.restart) this.fail(toLogError(payload.error, `consumer group ${group}`));
    });
    this.started = this.start();
  }

  /** Resolves with up to maxRecords records: as soon as that many are buffered, else after maxWaitMs. */
  fetch(maxRecords: number, maxWaitMs: number): Promise<DeliveredBatch> {
    if (this.failure) return Promise.reject(this.failure);
    this.lastActivity = Date.now();
    return new Promise<DeliveredBatch>((resolve, reject) => {
      const waiter: Waiter = {
        maxRecords,
        resolve,
        reject,
        timer: setTimeout(() => this.answer(waiter), maxWaitMs),
      };
      this.waiters.push(waiter);
      this.serveWaiters();
      this.maybeRejoin();
    });
  }

  /** Nothing waits, nothing is in flight, and no fetch came for idleMs. */
  isIdle(now: number, idleMs: number): boolean {
    return this.waiters.length === 0 && this.inFlight === 0 && now - this.lastActivity >= idleMs;
  }

  /**
   * Leaves the group. Pending fetches answer with no records; commits already
   * requested finish first, later ones are skipped (those records are read
   * again by the group's next consumer).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.rejoinTimer);
    this.buffer.clear();
    this.flowControl();
    for (const w of [...this.waiters]) this.answer(w);
    await this.started;
    await this.rejoining;
    await this.commits;
    await this.consumer.disconnect().catch(() => undefined);
  }

  private async start(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
      await this.consumer.run(this.runConfig);
    } catch (e) {
      // Not rethrown: fail() rejects the waiting fetches, and the pool drops this consumer.
      this.fail(toLogError(e, `consumer group ${this.group}`));
    }
  }

  private fail(e: unknown): void {
    if (this.failure || this.closed) return;
    this.failure = e instanceof LogError ? e : new LogError(LogErrorKind.Unavailable, String(e));
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.failure);
    }
    this.onFailed(this);
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.closed) return;
    for (const message of batch.messages) {
      // track() refuses offsets this generation has seen already (a re-read): no duplicates in the buffer.
      if (this.tracker.track(batch.partition, message.offset)) {
        this.buffer.push(toRecord(batch.partition, message));
      }
    }
    this.serveWaiters();
    // Backpressure: kafkajs fetches no more until this returns, and fetches again at once when it does.
    // (Pausing the topic instead made kafkajs sleep maxWaitTimeInMs before its next fetch after the resume,
    // and consumers of a drained buffer waited out that second: p99 ~900 ms at 100 records per request.)
    while (this.isFull() && !this.closed && isRunning() && !isStale()) {
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, HOLD_HEARTBEAT_MS);
        this.roomWaiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
      await heartbeat(); // a rebalance error propagates: kafkajs rejoins, as with any eachBatch
    }
    // Returning lets kafkajs resolve the batch's last offset: its fetch position moves on (no commit).
  }

  private isFull(): boolean {
    return this.buffer.count >= HIGH_WATER_RECORDS || this.buffer.bytes >= HIGH_WATER_BYTES;
  }

  private onNewGeneration(assignedPartitions: number): void {
    this.generation++;
    this.assigned = assignedPartitions;
    this.lastJoinAt = Date.now();
    this.tracker = new OffsetTracker();
    this.buffer.clear();
    this.flowControl();
    this.maybeRejoin();
  }

  /**
   * kafkajs has no "rejoin" call: stop() leaves the group and run() joins it
   * again, and the assignment made on that join sees our waiting fetches.
   */
  private maybeRejoin(): void {
    if (this.closed || this.failure || this.rejoining || this.rejoinTimer) return;
    if (this.assigned !== 0 || this.waiters.length === 0) return;
    const wait = this.lastJoinAt + REJOIN_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.rejoinTimer = setTimeout(() => {
        this.rejoinTimer = undefined;
        this.maybeRejoin();
      }, wait);
      return;
    }
    this.assigned = null;
    this.rejoining = (async () => {
      try {
        await this.commits; // commits of earlier batches need the running member
        await this.consumer.stop();
        if (!this.closed) await this.consumer.run(this.runConfig);
      } catch (e) {
        this.fail(toLogError(e, `consumer group ${this.group}`));
      } finally {
        this.rejoining = null;
        this.maybeRejoin(); // still nothing assigned and fetches waiting: try again after the interval
      }
    })();
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
    this.flowControl();
  }

  private deliver(records: ConsumedRecord[]): DeliveredBatch {
    if (records.length === 0) return { records, commit: async () => undefined, release: async () => undefined };
    const generation = this.generation;
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
        if (points.length) await this.commit(points);
      },
      release: async () => {
        // After a rebalance the records are read again from the committed offset anyway.
        if (!settle() || generation !== this.generation) return;
        this.buffer.putBack(records);
        this.serveWaiters();
        this.flowControl();
      },
    };
  }

  /**
   * Commits run one after another, so a later (higher) commit point never
   * lands before an earlier one; points requested while one is under way are
   * merged into the next (the latest point per partition), so commits never
   * queue up behind a slow broker. A failure is not fatal: the tracker has
   * moved on and the next commit covers these records; until then they would
   * only be redelivered. Rebalance errors are expected and ignored.
   */
  private commit(points: Array<{ partition: number; offset: string }>): Promise<void> {
    for (const p of points) this.pendingCommit.set(p.partition, p.offset);
    const done = new Promise<void>((resolve, reject) => this.commitWaiters.push({ resolve, reject }));
    if (!this.committing) {
      this.committing = true;
      this.commits = this.commitLoop();
    }
    return done;
  }

  private async commitLoop(): Promise<void> {
    while (this.pendingCommit.size) {
      const points = [...this.pendingCommit].map(([partition, offset]) => ({ topic: this.topic, partition, offset }));
      this.pendingCommit.clear();
      const waiters = this.commitWaiters.splice(0);
      try {
        await this.consumer.commitOffsets(points);
        for (const w of waiters) w.resolve();
      } catch (e) {
        const error = isRebalanceError(e) ? null : toLogError(e, `commit for group ${this.group}`);
        for (const w of waiters) {
          if (error) w.reject(error);
          else w.resolve();
        }
      }
    }
    this.committing = false;
  }

  /** Wakes the held fetch loop once the buffer has room (or the consumer closes / the generation changed). */
  private flowControl(): void {
    if (this.roomWaiters.length === 0 || (this.isFull() && !this.closed)) return;
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}

function toRecord(partition: number, message: KafkaMessage): ConsumedRecord {
  const record: ConsumedRecord = {
    value: message.value ?? Buffer.alloc(0),
    headers: toHeaders(message.headers),
    partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
  };
  if (message.key) record.key = message.key;
  return record;
}

/** kafkajs hands header values over as Buffers (arrays for repeated names): UTF-8 strings, repeats joined like HTTP does. */
export function toHeaders(headers: IHeaders | undefined): MessageHeaders {
  const out: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    out[name] = values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))).join(', ');
  }
  return out;
}
