import { Redis } from 'ioredis';

/**
 * A Redis connection for BullMQ: no ioredis keyPrefix (BullMQ refuses it; the
 * deployment prefix goes into BullMQ's own `prefix`, see bullPrefix()), and
 * maxRetriesPerRequest null as BullMQ workers require.
 */
export function bullConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
