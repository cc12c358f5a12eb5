import { createEmbeddedLogBackend, type EmbeddedLogBackend } from '@restgw/message-log';
import type { StationApplyJob } from '@restgw/contracts';

/**
 * TopicProvisioner's counterpart for the embedded log (local profile): the
 * station's desired state becomes the topic's partitions (only growing),
 * retention and record size limit, or the topic is deleted. Idempotent.
 */
export class EmbeddedTopicProvisioner {
  private readonly log: EmbeddedLogBackend;

  constructor(connectionString: string) {
    this.log = createEmbeddedLogBackend({ connectionString });
  }

  async apply(job: StationApplyJob): Promise<'active' | 'deleted'> {
    if (job.deleted) {
      await this.log.deleteTopic(job.topic);
      return 'deleted';
    }
    await this.log.applyTopic({
      name: job.topic,
      partitions: job.partitions,
      retentionMs: job.retentionMs,
      retentionBytes: job.retentionBytes,
      maxMessageBytes: job.maxMessageBytes,
    });
    return 'active';
  }

  async close(): Promise<void> {
    await this.log.close();
  }
}
