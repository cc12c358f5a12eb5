import { Logger } from '@nestjs/common';
import { USAGE_RESULTS_QUEUE, UsageReportJob } from '@restgw/contracts';
import type { JobsConnection, JobWorker } from '@restgw/jobs';
import type { LimitsAdmin } from './limits-admin.service';
import type { UsageIntake } from './usage-intake.service';

/**
 * Control plane side of the usage channel: each report forwarded by a region
 * worker is added once, then the quotas of the accounts it counted
 * production for are re-evaluated (a quota used up is published to the
 * gateways at once). A failure leaves the job to BullMQ's retries.
 */
export class UsageReportsConsumer {
  private readonly logger = new Logger('UsageReports');
  private worker?: JobWorker;

  constructor(
    private readonly intake: UsageIntake,
    private readonly limits: LimitsAdmin,
    /** Shared; its owner closes it after close() here. */
    private readonly connection: JobsConnection,
  ) {}

  async start(): Promise<void> {
    this.worker = await this.connection.worker<UsageReportJob>(USAGE_RESULTS_QUEUE, (job) => this.handle(job.data), {
      concurrency: 4,
      onError: (e) => this.logger.warn(`usage worker: ${e.message}`),
    });
  }

  async handle(report: UsageReportJob): Promise<void> {
    const { added, producingAccounts } = await this.intake.record(report);
    if (!added) this.logger.debug(`ignored usage report ${report.id}: added before`);
    if (producingAccounts.length) await this.limits.refreshQuotas(producingAccounts);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}
