import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { StationApplyJob, StationResultJob } from '@restgw/jobs';
import { PermanentProvisioningError, TopicProvisioner } from '@restgw/stations';

export interface ResultReporter {
  report(result: StationResultJob): Promise<void>;
}

/**
 * One station.apply job: make Kafka match it, then report the outcome. A
 * failure is retried by BullMQ with backoff; the last attempt (or a failure
 * no retry can fix) reports `failed` with the broker's message.
 */
export class StationApplyProcessor {
  private readonly logger = new Logger('StationApply');

  constructor(
    private readonly provisioner: TopicProvisioner,
    private readonly results: ResultReporter,
    private readonly testDelayMs = 0,
  ) {}

  async process(job: Job<StationApplyJob>): Promise<string> {
    const d = job.data;
    this.logger.log(`applying ${job.id} (topic ${d.topic}, attempt ${job.attemptsMade + 1})`);
    if (this.testDelayMs > 0) await new Promise((r) => setTimeout(r, this.testDelayMs));
    try {
      const outcome = await this.provisioner.apply(d);
      await this.results.report({ stationId: d.stationId, accountId: d.accountId, version: d.version, outcome });
      this.logger.log(`applied ${job.id}: ${outcome}`);
      return outcome;
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      const permanent = e instanceof PermanentProvisioningError;
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(`${job.id} failed (${last ? 'giving up' : 'will retry'}): ${message}`);
      if (last) await this.results.report({ stationId: d.stationId, accountId: d.accountId, version: d.version, outcome: 'failed', error: message });
      throw permanent ? new UnrecoverableError(message) : e;
    }
  }
}
