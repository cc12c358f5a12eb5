import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullConnection } from './bull-connection';
import {
  bullPrefix,
  JobNames,
  regionQueueName,
  RESULTS_QUEUE,
  STATION_APPLY_ATTEMPTS,
  STATION_APPLY_BACKOFF_MS,
  StationApplyJob,
  stationApplyJobId,
  StationResultJob,
  stationResultJobId,
} from './region-jobs.contract';

/** Completed jobs are kept a while so that re-enqueuing the same change stays a no-op. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

/** Enqueues station changes on the queues of their regions (control plane side). */
export class StationJobsProducer {
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly prefix: string;

  constructor(redisUrl: string, redisKeyPrefix: string) {
    this.connection = bullConnection(redisUrl);
    this.prefix = bullPrefix(redisKeyPrefix);
  }

  async enqueueApply(regionId: string, job: StationApplyJob): Promise<void> {
    await this.queue(regionQueueName(regionId)).add(JobNames.stationApply, job, {
      jobId: stationApplyJobId(job.stationId, job.version),
      attempts: STATION_APPLY_ATTEMPTS,
      backoff: { type: 'exponential', delay: STATION_APPLY_BACKOFF_MS },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
  }

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}

/** Reports outcomes back to the control plane (region worker side). */
export class StationResultsProducer {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(redisUrl: string, redisKeyPrefix: string) {
    this.connection = bullConnection(redisUrl);
    this.queue = new Queue(RESULTS_QUEUE, { connection: this.connection, prefix: bullPrefix(redisKeyPrefix) });
  }

  async report(result: StationResultJob): Promise<void> {
    await this.queue.add(JobNames.stationResult, result, {
      jobId: stationResultJobId(result),
      attempts: STATION_APPLY_ATTEMPTS,
      backoff: { type: 'exponential', delay: STATION_APPLY_BACKOFF_MS },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
