import type { TopicAdmin } from './topic-admin';

/**
 * The one interface between gateways and the log. Adapters: `kafka` (kafkajs,
 * any Kafka-protocol cluster) and `embedded` (PostgreSQL). Callers pass
 * derived names only (tenant-names.ts); adapters never see account ids.
 */
export type MessageHeaders = Record<string, string>;

export interface ProduceRecord {
  value: Buffer;
  headers: MessageHeaders;
  key?: Buffer | null;
}

export interface ConsumedRecord {
  value: Buffer;
  /** The record's key when it has one. */
  key?: Buffer;
  headers: MessageHeaders;
  partition: number;
  /** Kafka offsets are 64-bit: kept as decimal strings. */
  offset: string;
  timestamp: number;
}

export interface FetchRequest {
  topic: string;
  group: string;
  maxRecords: number;
  /** How long to wait for maxRecords before answering with what arrived (possibly nothing). */
  maxWaitMs: number;
}

/**
 * Records handed to one HTTP response. Exactly one of commit() or release()
 * must be called: commit() after the response was handed over, release() when
 * it could not be, which makes the records deliverable again to the group.
 */
export interface DeliveredBatch {
  readonly records: ConsumedRecord[];
  commit(): Promise<void>;
  release(): Promise<void>;
}

/** Topic administration (topic-admin.ts) plus producing and consuming. */
export interface LogBackend extends TopicAdmin {
  /** Resolves only once the log acknowledged every record on all in-sync replicas. */
  produce(topic: string, records: ProduceRecord[]): Promise<void>;
  fetch(request: FetchRequest): Promise<DeliveredBatch>;
  /**
   * The topic was deleted (its station is gone): drop what this process holds
   * for it, so produces to other topics do not trip over its stale metadata
   * and a re-created topic is ensured again.
   */
  forgetTopic(topic: string): void;
  /**
   * Leaves the consumer group here (commits already requested finish first;
   * batches not committed are read again by the group's next consumer) so
   * another gateway replica can take it over at once. The next fetch joins
   * again. A no-op for a group not consumed here.
   */
  closeGroup(group: string): Promise<void>;
  /** True when the log answers metadata requests (readiness). */
  isReady(): Promise<boolean>;
  /**
   * The group's lag on the topic: records in the log after the group's committed
   * offsets, summed over partitions (a partition without a commit counts from
   * its first retained record). For metrics; may read the log's metadata.
   */
  groupLag(topic: string, group: string): Promise<number>;
  close(): Promise<void>;
}

export enum LogErrorKind {
  /** The log cannot accept writes now; callers answer 503 with Retry-After. */
  Unavailable = 'unavailable',
  /** A record is over the broker's or topic's size limit; callers answer 413. */
  TooLarge = 'too_large',
  /**
   * The log rejects the request itself (a topic setting or partition count it
   * does not accept, a policy, no authorization): no retry can fix it.
   */
  Refused = 'refused',
}

export class LogError extends Error {
  constructor(
    readonly kind: LogErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LogError';
  }
}
