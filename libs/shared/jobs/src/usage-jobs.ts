import type { Queue } from 'bullmq';
import { JobNames, USAGE_RESULTS_QUEUE, usageQueueName, UsageReportJob } from '@restgw/contracts';
import type { JobsConnection } from './bull-connection';

/** Kept a day so that a report sent again (after a lost answer) is a no-op; the control plane also remembers report ids. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 100_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };
/** A forwarding or intake failure (queue or database unreachable) is retried for about 17 minutes. */
const ATTEMPTS = { attempts: 10, backoff: { type: 'exponential', delay: 1000 } };

/** Gateway side: reports onto the region's usage queue. `connection` is shared; its owner closes it after close(). */
export class UsageReportsProducer {
  private readonly queue: Queue;

  constructor(connection: JobsConnection, regionId: string) {
    this.queue = connection.queue(usageQueueName(regionId));
  }

  async send(report: UsageReportJob): Promise<void> {
    await this.queue.add(JobNames.usageReport, report, { jobId: report.id, ...ATTEMPTS, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/** Region worker side: reports on to the control plane's usage queue, unchanged, under the same job id. */
export class UsageResultsProducer {
  private readonly queue: Queue;

  constructor(connection: JobsConnection) {
    this.queue = connection.queue(USAGE_RESULTS_QUEUE);
  }

  async forward(report: UsageReportJob): Promise<void> {
    await this.queue.add(JobNames.usageReport, report, { jobId: report.id, ...ATTEMPTS, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
