import { PartitionAssigners, type Consumer, type ConsumerRunConfig, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage } from 'kafkajs';
import { LogError, LogErrorKind, type ConsumedRecord, type DeliveredBatch, type MessageHeaders } from '../log-backend';
import { GroupDelivery } from '../delivery/group-delivery';
import { activeFirstAssigner } from './active-first.assigner';
import { isRebalanceError, toLogError } from './kafka-errors';

/** While the fetch loop is held, the member heartbeats this often (well within its session). */
const HOLD_HEARTBEAT_MS = 1_000;

/** A member left without partitions while fetches wait on it rejoins, at most this often. */
const REJOIN_INTERVAL_MS = 2_000;

/**
 * Pull on top of kafkajs's push model for one consumer group. kafkajs runs
 * with eachBatch and autoCommit off, pushing records into the group's
 * GroupDelivery (its fetch position moves on, nothing is committed), which
 * hands out disjoint records, commits the contiguous acknowledged prefix and
 * puts released records back. kafkajs's fetch loop is held while the buffer
 * is full.
 *
 * A rebalance (or a consumer restart after a crash, e.g. the broker
 * restarted) makes kafkajs read again from the committed offsets: a new
 * generation of the delivery, which keeps the batches in flight of the
 * partitions still assigned here (acknowledgeable, not delivered again).
 *
 * Any gateway replica may serve a group: partitions go to members with
 * waiting fetches (activeFirstAssigner), and a member left without partitions
 * while fetches wait on it rejoins to trigger that choice again.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private readonly delivery: GroupDelivery;
  /** Partitions assigned at the last join; null before the first. */
  private assigned: number | null = null;
  private lastJoinAt = 0;
  private rejoinTimer: NodeJS.Timeout | undefined;
  private rejoining: Promise<void> | null = null;
  /** eachBatch calls held while the buffer is full, woken when there is room again. */
  private roomWaiters: Array<() => void> = [];
  private closed = false;
  private failure: LogError | null = null;
  private readonly started: Promise<void>;
  private readonly runConfig: ConsumerRunConfig = { autoCommit: false, eachBatch: (payload) => this.onBatch(payload) };

  constructor(
    kafka: Kafka,
    readonly group: string,
    readonly topic: string,
    private readonly onFailed: (consumer: GroupConsumer) => void,
    sessionTimeoutMs = 10_000,
  ) {
    this.delivery = new GroupDelivery({
      commit: (points) => this.consumer.commitOffsets(points.map((p) => ({ topic, ...p }))),
      // Rebalance errors are expected: the records are redelivered (at-least-once).
      commitFailed: (e) => (isRebalanceError(e) ? null : toLogError(e, `commit for group ${group}`)),
      onWaiting: () => this.maybeRejoin(),
      onBufferChanged: () => this.flowControl(),
    });
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
        activeFirstAssigner(() => ({ waiting: this.delivery.waiting, owned: this.assigned ?? 0 })),
        PartitionAssigners.roundRobin,
      ],
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onNewGeneration(payload.memberAssignment[topic] ?? []));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // restart: kafkajs rejoins by itself (GROUP_JOIN follows); otherwise this consumer is dead.
      if (!payload.restart) this.fail(toLogError(payload.error, `consumer group ${group}`));
    });
    this.started = this.start();
  }

  /** Resolves with up to maxRecords records: as soon as that many are buffered, else after maxWaitMs. */
  fetch(maxRecords: number, maxWaitMs: number): Promise<DeliveredBatch> {
    if (this.failure) return Promise.reject(this.failure);
    return this.delivery.fetch(maxRecords, maxWaitMs);
  }

  /** Nothing waits, nothing is in flight, and no fetch came for idleMs. */
  isIdle(now: number, idleMs: number): boolean {
    return this.delivery.isIdle(now, idleMs);
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
    const committed = this.delivery.close();
    this.flowControl();
    await this.started;
    await this.rejoining;
    await committed;
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
    this.delivery.failWaiting(this.failure);
    this.onFailed(this);
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.closed) return;
    // Offsets this generation has seen already (a re-read) are skipped: no duplicates in the buffer.
    this.delivery.add(batch.messages.map((message) => toRecord(batch.partition, message)));
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
    return this.delivery.room() === 0;
  }

  private onNewGeneration(partitions: number[]): void {
    this.assigned = partitions.length;
    this.lastJoinAt = Date.now();
    this.delivery.newGeneration(partitions);
    this.flowControl();
    this.maybeRejoin();
  }

  /**
   * kafkajs has no "rejoin" call: stop() leaves the group and run() joins it
   * again, and the assignment made on that join sees our waiting fetches.
   */
  private maybeRejoin(): void {
    if (this.closed || this.failure || this.rejoining || this.rejoinTimer) return;
    if (this.assigned !== 0 || this.delivery.waiting === 0) return;
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
        await this.delivery.commitsSettled(); // commits of earlier batches need the running member
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
