import type { PoolConfig } from 'pg';

export interface EmbeddedLogOptions {
  /** The PostgreSQL database holding the log (the local profile's embedded server, or any PostgreSQL 13+). */
  connectionString: string;
  /** PostgreSQL schema of the log's tables, created on first use. Default `restgw_log`. */
  schema?: string;
  /** Partitions of topics created by ensureTopic when the spec names none. Default 1. */
  defaultPartitions?: number;
  /** Retention of topics without their own (Kafka's broker default: 7 days). -1: unlimited. */
  defaultRetentionMs?: number;
  /** Largest record (value + key + headers) a topic without its own limit accepts; Kafka's default message.max.bytes. */
  defaultMaxMessageBytes?: number;
  /** How often retention runs. Default 30000. */
  retentionCheckMs?: number;
  /** A group's in-memory reader is dropped after this long without fetches. Default 60000. */
  consumerIdleMs?: number;
  /** Pool size. Default 10. */
  poolSize?: number;
  /** Upper bound of isReady(). Default 3000. */
  readyTimeoutMs?: number;
}

export type ResolvedEmbeddedLogOptions = Required<EmbeddedLogOptions>;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

export function resolveEmbeddedLogOptions(options: EmbeddedLogOptions): ResolvedEmbeddedLogOptions {
  if (!options.connectionString) throw new Error('embedded log backend: connectionString is required');
  const resolved: ResolvedEmbeddedLogOptions = {
    schema: 'restgw_log',
    defaultPartitions: 1,
    defaultRetentionMs: 7 * 24 * 3600 * 1000,
    defaultMaxMessageBytes: 1_048_588,
    retentionCheckMs: 30_000,
    consumerIdleMs: 60_000,
    poolSize: 10,
    readyTimeoutMs: 3_000,
    ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as EmbeddedLogOptions),
  } as ResolvedEmbeddedLogOptions;
  // The schema name is interpolated into SQL: only plain identifiers.
  if (!SCHEMA_NAME.test(resolved.schema)) throw new Error(`embedded log backend: schema must match ${SCHEMA_NAME}, got ${resolved.schema}`);
  if (!Number.isInteger(resolved.defaultPartitions) || resolved.defaultPartitions < 1) {
    throw new Error('embedded log backend: defaultPartitions must be a positive integer');
  }
  return resolved;
}

export function poolConfig(options: ResolvedEmbeddedLogOptions): PoolConfig {
  return { connectionString: options.connectionString, max: options.poolSize, application_name: 'restgw-embedded-log' };
}
