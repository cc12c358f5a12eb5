import type { KafkaLogLevelName } from './kafka-logger';

export interface KafkaLogOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of topics created by ensureTopic when the spec names none. Default 1. */
  defaultPartitions?: number;
  /** -1 (default) lets the broker apply its default.replication.factor. */
  replicationFactor?: number;
  /** A group's consumer is disconnected after this long without fetches. Default 60000. */
  consumerIdleMs?: number;
  /**
   * Kafka session timeout of group members: how long a replica that died
   * without leaving blocks the group's next join. Default 10000 (the broker's
   * group.min.session.timeout.ms, 6000 by default, is the floor).
   */
  consumerSessionTimeoutMs?: number;
  /** kafkajs log level; default 'warn' (INFO is mostly join/leave chatter). */
  logLevel?: KafkaLogLevelName;
  /** TCP connect timeout per broker connection. Default 3000 (kafkajs: 1000). */
  connectionTimeoutMs?: number;
  /** Request timeout. Default 30000. */
  requestTimeoutMs?: number;
  /**
   * Retries of a failed request (kafkajs backoff starting at 300 ms, doubling).
   * Default 5: a produce against a dead cluster fails after ~10 s instead of
   * retrying forever (the kafkajs default for idempotent producers).
   */
  retries?: number;
  /** produce() rejects with Unavailable when not acknowledged within this. Default 30000. */
  produceTimeoutMs?: number;
  /** Upper bound of isReady(). Default 3000. */
  readyTimeoutMs?: number;
}

export type ResolvedKafkaLogOptions = Required<KafkaLogOptions>;

export function resolveKafkaLogOptions(options: KafkaLogOptions): ResolvedKafkaLogOptions {
  if (!options.brokers?.length) throw new Error('kafka log backend: brokers is empty');
  if (!options.clientId) throw new Error('kafka log backend: clientId is required');
  return {
    defaultPartitions: 1,
    replicationFactor: -1,
    consumerIdleMs: 60_000,
    consumerSessionTimeoutMs: 10_000,
    logLevel: 'warn',
    connectionTimeoutMs: 3_000,
    requestTimeoutMs: 30_000,
    retries: 5,
    produceTimeoutMs: 30_000,
    readyTimeoutMs: 3_000,
    ...stripUndefined(options),
  } as ResolvedKafkaLogOptions;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
