import { Logger } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { JobsConnection, type JobsConnectionOptions, RESULTS_QUEUE, StationResultJob } from '@restgw/jobs';
import type { StationAdmin } from './station-admin.service';

/** Control plane side of the results queue: region workers' outcomes become station statuses. */
export class StationResultsConsumer {
  private readonly logger = new Logger('StationResults');
  private readonly connection: JobsConnection;
  private worker?: Worker<StationResultJob>;

  constructor(
    private readonly admin: StationAdmin,
    jobs: JobsConnectionOptions,
  ) {
    this.connection = new JobsConnection(jobs);
  }

  start(): void {
    this.worker = this.connection.worker<StationResultJob>(RESULTS_QUEUE, (job: Job<StationResultJob>) => this.handle(job.data), {
      concurrency: 4,
    });
    this.worker.on('error', (e) => this.logger.warn(`results worker: ${e.message}`));
  }

  async handle(result: StationResultJob): Promise<void> {
    const applied = await this.admin.applyResult(result);
    if (!applied) this.logger.debug(`ignored ${result.outcome} for station ${result.stationId} v${result.version} (older than the station)`);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.connection.close();
  }
}
