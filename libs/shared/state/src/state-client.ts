import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { outageListener } from '@restgw/platform';
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
  const redis = new Redis(opts.redisUrl, { keyPrefix: opts.keyPrefix, maxRetriesPerRequest: 2, connectionName: opts.connectionName });
  // Commands fail on their own while Redis is down (callers answer 503); the reconnect errors are logged, throttled.
  redis.on('error', outageListener('Redis (state)', (m) => Logger.warn(m, 'StateClient')));
  return redis;
}
