import { createPostgresBackend, Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { bullPrefix } from './region-jobs.contract';

/**
 * A Redis connection for BullMQ: no ioredis keyPrefix (BullMQ refuses it; the
 * deployment prefix goes into BullMQ's own `prefix`, see bullPrefix()), and
 * maxRetriesPerRequest null as BullMQ workers require.
 */
export function bullConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

export interface JobsConnectionOptions {
  redisUrl: string;
  redisKeyPrefix: string;
  /** Set (local profile): BullMQ's PostgreSQL backend on this database, schema `restgw_jobs`; redisUrl is not used. */
  stateDatabaseUrl?: string;
}

/** BullMQ's PostgreSQL backend keeps its tables in this schema (the prefix namespaces queues within it). */
export const JOBS_SCHEMA = 'restgw_jobs';

type WorkerSettings = Omit<WorkerOptions, 'connection' | 'prefix'>;

/**
 * Where the region job queues live: Redis in the cluster profile (one shared
 * ioredis connection for this process's queues), BullMQ 6's PostgreSQL backend
 * in the local profile (the same Queue/Worker API; each queue or worker owns
 * a pool and a LISTEN client).
 */
export class JobsConnection {
  private readonly redis: Redis | null;
  private readonly prefix: string;

  constructor(private readonly opts: JobsConnectionOptions) {
    this.redis = opts.stateDatabaseUrl ? null : bullConnection(opts.redisUrl);
    this.prefix = bullPrefix(opts.redisKeyPrefix);
  }

  // The PostgreSQL-backed classes are typed with their backend; callers use only
  // what both share (add, close, on, run, waitUntilReady), hence the casts.
  queue<T>(name: string): Queue<T> {
    if (!this.redis) return new Queue(name, { connection: this.pgConnection(), prefix: this.prefix }, createPostgresBackend) as unknown as Queue<T>;
    return new Queue<T>(name, { connection: this.redis, prefix: this.prefix });
  }

  worker<T>(name: string, processor: Processor<T>, settings: WorkerSettings): Worker<T> {
    if (!this.redis) {
      return new Worker(name, processor as Processor, { ...settings, connection: this.pgConnection(), prefix: this.prefix }, createPostgresBackend) as unknown as Worker<T>;
    }
    return new Worker<T>(name, processor, { ...settings, connection: this.redis, prefix: this.prefix });
  }

  /** After the queues and workers made here were closed. */
  close(): void {
    this.redis?.disconnect();
  }

  private pgConnection() {
    // migrate: BullMQ creates or upgrades its tables on first connect (one local stack, no separate migration step).
    return { connectionString: this.opts.stateDatabaseUrl, schema: JOBS_SCHEMA, max: 4, migrate: true };
  }
}
