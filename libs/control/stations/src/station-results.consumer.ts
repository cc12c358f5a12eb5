import { Logger } from '@nestjs/common';
import { RESULTS_QUEUE, StationResultJob } from '@restgw/contracts';
import type { JobsConnection, JobWorker } from '@restgw/jobs';
import type { StationAdmin } from './station-admin.service';

/** Control plane side of the results queue: region workers' outcomes become station statuses. */
export class StationResultsConsumer {
  private readonly logger = new Logger('StationResults');
  private worker?: JobWorker;

  constructor(
    private readonly admin: StationAdmin,
    /** Shared; its owner closes it after close() here. */
    private readonly connection: JobsConnection,
  ) {}

  async start(): Promise<void> {
    this.worker = await this.connection.worker<StationResultJob>(RESULTS_QUEUE, (job) => this.handle(job.data), {
      concurrency: 4,
      onError: (e) => this.logger.warn(`results worker: ${e.message}`),
    });
  }

  async handle(result: StationResultJob): Promise<void> {
    const applied = await this.admin.applyResult(result);
    if (!applied) this.logger.debug(`ignored ${result.outcome} for station ${result.stationId} v${result.version} (older than the station)`);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }
}
