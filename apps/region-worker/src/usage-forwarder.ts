import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { usageQueueName, UsageReportJob } from '@restgw/contracts';
import { JobsConnection, UsageResultsProducer, type JobWorker } from '@restgw/jobs';
import { measuredJob } from './job-metrics';
import { REGION_WORKER_CONFIG, RegionWorkerConfig } from './region-worker.config';

/**
 * The region's usage channel: gateways' reports, taken off the region's usage
 * queue and forwarded unchanged (same job id) to the control plane's usage
 * queue. A report is removed from the region's queue only once forwarded, so
 * a worker crash forwards it again, which the control plane ignores.
 */
@Injectable()
export class UsageForwarder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UsageForwarder');
  private readonly connection: JobsConnection;
  private readonly results: UsageResultsProducer;
  private worker?: JobWorker;

  constructor(@Inject(REGION_WORKER_CONFIG) private readonly config: RegionWorkerConfig) {
    this.connection = new JobsConnection({ redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX, stateDatabaseUrl: config.STATE_DATABASE_URL });
    this.results = new UsageResultsProducer(this.connection);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await this.connection.worker<UsageReportJob>(usageQueueName(this.config.REGION_ID), (job) => measuredJob('usage.forward', () => this.results.forward(job.data)), {
      concurrency: 4,
      onError: (e) => this.logger.warn(`usage worker: ${e.message}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.results.close();
    this.connection.close();
  }
}
