import { Redis } from 'ioredis';
import { PgRedis } from './pg-redis';

export interface StateClientOptions {
  redisUrl: string;
  keyPrefix: string;
  /** Set (local profile): the state lives in this PostgreSQL database, and redisUrl is not used. */
  stateDatabaseUrl?: string;
  connectionName?: string;
}

/**
 * The deployment's shared state client (revocations, region enablement, station
 * directory, login throttle): Redis in the cluster profile, PostgreSQL in the
 * local profile. Callers are written against ioredis; PgRedis answers the same
 * commands (only those), hence the one cast here.
 */
export function createStateClient(opts: StateClientOptions): Redis {
  if (opts.stateDatabaseUrl) return new PgRedis(opts.stateDatabaseUrl, { keyPrefix: opts.keyPrefix }) as unknown as Redis;
  return new Redis(opts.redisUrl, { keyPrefix: opts.keyPrefix, maxRetriesPerRequest: 2, connectionName: opts.connectionName });
}
