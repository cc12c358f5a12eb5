import { Logger } from '@nestjs/common';
import { StationApplyJob, StationResultJob } from '@restgw/contracts';
import { FinalJobError, type JobRun } from '@restgw/jobs';
import { isPermanentProvisioningError } from '@restgw/region-stations';

export interface ResultReporter {
  report(result: StationResultJob): Promise<void>;
}

export interface TopicApplier {
  apply(job: StationApplyJob): Promise<'active' | 'deleted'>;
}

/** The station's current version as the region's directory says (null: unknown). */
export type CurrentVersion = (job: StationApplyJob) => Promise<number | null>;

/**
 * One station.apply job: make Kafka match it, then report the outcome. A
 * failure is retried by BullMQ with backoff; the last attempt (or a failure
 * no retry can fix) reports `failed` with the broker's message.
 *
 * Jobs of one station run one at a time in this process, and a job older
 * than the station's published version is skipped: a late retry of an old
 * "create" must not bring back a topic a newer "delete" removed.
 */
export class StationApplyProcessor {
  private readonly logger = new Logger('StationApply');
  private readonly perStation = new Map<string, Promise<unknown>>();

  constructor(
    private readonly provisioner: TopicApplier,
    private readonly results: ResultReporter,
    private readonly currentVersion: CurrentVersion,
    private readonly testDelayMs = 0,
  ) {}

  process(job: JobRun<StationApplyJob>): Promise<string> {
    const key = job.data.stationId;
    const previous = this.perStation.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.apply(job));
    const tail = run.catch(() => undefined);
    this.perStation.set(key, tail);
    void tail.then(() => {
      if (this.perStation.get(key) === tail) this.perStation.delete(key);
    });
    return run;
  }

  private async apply(job: JobRun<StationApplyJob>): Promise<string> {
    const d = job.data;
    this.logger.log(`applying ${job.id} (topic ${d.topic}, attempt ${job.attemptsMade + 1})`);
    if (this.testDelayMs > 0) await new Promise((r) => setTimeout(r, this.testDelayMs));
    const current = await this.currentVersion(d);
    if (current !== null && current > d.version) {
      this.logger.log(`skipped ${job.id}: superseded by version ${current}`);
      return 'superseded';
    }
    try {
      const outcome = await this.provisioner.apply(d);
      await this.results.report({ stationId: d.stationId, accountId: d.accountId, version: d.version, outcome });
      this.logger.log(`applied ${job.id}: ${outcome}`);
      return outcome;
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      const permanent = isPermanentProvisioningError(e);
      const last = permanent || job.attemptsMade + 1 >= job.attempts;
      this.logger.warn(`${job.id} failed (${last ? 'giving up' : 'will retry'}): ${message}`);
      if (last) await this.results.report({ stationId: d.stationId, accountId: d.accountId, version: d.version, outcome: 'failed', error: message });
      throw permanent ? new FinalJobError(message) : e;
    }
  }
}
