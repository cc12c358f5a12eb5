import type { Queue } from 'bullmq';
import { JobsConnection, type JobsConnectionOptions } from './bull-connection';
import {
  JobNames,
  regionQueueName,
  RESULTS_QUEUE,
  STATION_APPLY_ATTEMPTS,
  STATION_APPLY_BACKOFF_MS,
  StationApplyJob,
  stationApplyJobId,
  StationResultJob,
  stationResultJobId,
} from '@restgw/contracts';

/** Completed jobs are kept a while so that re-enqueuing the same change stays a no-op. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

/** Enqueues station changes on the queues of their regions (control plane side). */
export class StationJobsProducer {
  private readonly queues = new Map<string, Queue>();

  /** The connection is shared; its owner closes it after close() here. */
  constructor(private readonly connection: JobsConnection) {}

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
      q = this.connection.queue(name);
      this.queues.set(name, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

/** Reports outcomes back to the control plane (region worker side). */
export class StationResultsProducer {
  private readonly connection: JobsConnection;
  private readonly queue: Queue;

  constructor(opts: JobsConnectionOptions) {
    this.connection = new JobsConnection(opts);
    this.queue = this.connection.queue(RESULTS_QUEUE);
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
    this.connection.close();
  }
}
