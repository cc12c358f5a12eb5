import { createPostgresBackend, Queue, UnrecoverableError, Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { Logger } from '@nestjs/common';
import { bullPrefix } from '@restgw/contracts';
import { outageListener } from '@restgw/platform';

const logger = new Logger('Jobs');

/**
 * A Redis connection for BullMQ: no ioredis keyPrefix (BullMQ refuses it; the
 * deployment prefix goes into BullMQ's own `prefix`, see bullPrefix()), and
 * maxRetriesPerRequest null as BullMQ workers require.
 */
export function bullConnection(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: false });
  redis.on('error', outageListener('Redis (job queues)', (m) => logger.warn(m)));
  return redis;
}

export interface JobsConnectionOptions {
  redisUrl: string;
  redisKeyPrefix: string;
  /** Set (local profile): BullMQ's PostgreSQL backend on this database, schema `restgw_jobs`; redisUrl is not used. */
  stateDatabaseUrl?: string;
}

/** BullMQ's PostgreSQL backend keeps its tables in this schema (the prefix namespaces queues within it). */
export const JOBS_SCHEMA = 'restgw_jobs';

/** One delivery of a job to a handler: what handlers need of BullMQ's Job, without BullMQ. */
export interface JobRun<T> {
  id?: string;
  data: T;
  /** Attempts before this one. */
  attemptsMade: number;
  /** Attempts allowed in all. */
  attempts: number;
}

/** Thrown by a handler when no retry can fix the failure: the job fails now instead of being retried. */
export class FinalJobError extends Error {}

export type JobHandler<T> = (job: JobRun<T>) => Promise<unknown>;

export interface WorkerSettings extends Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  /** A worker's own errors (lost connection, stalled checks); job failures are the handler's business. */
  onError: (error: Error) => void;
}

/** A running worker; close() waits for the jobs under way. */
export interface JobWorker {
  close(): Promise<void>;
}

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
    const queue = this.redis
      ? new Queue<T>(name, { connection: this.redis, prefix: this.prefix })
      : (new Queue(name, { connection: this.pgConnection(), prefix: this.prefix }, createPostgresBackend) as unknown as Queue<T>);
    // A queue re-emits its connection's errors; unheard, BullMQ prints each one. add() still rejects (503).
    queue.on('error', outageListener(`job queue ${name}`, (m) => logger.warn(m)));
    return queue;
  }

  /** Starts a worker on queue `name` and resolves once it is connected. */
  async worker<T>(name: string, handler: JobHandler<T>, settings: WorkerSettings): Promise<JobWorker> {
    const { onError, ...options } = settings;
    const processor: Processor<T> = async (job: Job<T>) => {
      try {
        return await handler({ id: job.id, data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 });
      } catch (e) {
        throw e instanceof FinalJobError ? new UnrecoverableError(e.message) : e;
      }
    };
    const opts = { ...options, autorun: false, prefix: this.prefix };
    const worker = this.redis
      ? new Worker<T>(name, processor, { ...opts, connection: this.redis })
      : (new Worker(name, processor as Processor, { ...opts, connection: this.pgConnection() }, createPostgresBackend) as unknown as Worker<T>);
    worker.on('error', onError);
    void worker.run();
    await worker.waitUntilReady();
    return worker;
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
