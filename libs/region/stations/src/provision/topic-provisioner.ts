import { LogError, LogErrorKind, type TopicAdmin } from '@restgw/message-log';
import type { StationApplyJob } from '@restgw/contracts';

/**
 * Makes one station's topic match a StationApplyJob through the region's
 * TopicAdmin (Kafka or the embedded log): the station's partitions (only
 * growing), retention and record size limit, or the topic deleted.
 * Idempotent: applying the same job twice leaves the same topic.
 */
export class TopicProvisioner {
  constructor(private readonly topics: TopicAdmin) {}

  /** Applies the desired state; resolves with what the topic now is. */
  async apply(job: StationApplyJob): Promise<'active' | 'deleted'> {
    if (job.deleted) {
      await this.topics.deleteTopic(job.topic);
      return 'deleted';
    }
    await this.topics.applyTopic({
      name: job.topic,
      partitions: job.partitions,
      retentionMs: job.retentionMs,
      retentionBytes: job.retentionBytes,
      maxMessageBytes: job.maxMessageBytes,
    });
    return 'active';
  }

  /** The log answers (the fleet view's health of the worker's log). */
  isReady(timeoutMs: number): Promise<boolean> {
    return this.topics.isReady(timeoutMs);
  }

  close(): Promise<void> {
    return this.topics.close();
  }
}

/** The log refuses the station's desired state itself: no retry can fix it. */
export function isPermanentProvisioningError(e: unknown): boolean {
  return e instanceof LogError && e.kind === LogErrorKind.Refused;
}
