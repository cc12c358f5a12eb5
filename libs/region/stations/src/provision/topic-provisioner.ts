import { Admin, ITopicConfig, Kafka, logLevel } from 'kafkajs';
import type { StationApplyJob } from '@restgw/contracts';

/**
 * Kafka's max.message.bytes limits a whole record batch, not one message:
 * the topic gets the station's limit plus room for batch and record framing.
 * The station's own limit is enforced per message by the gateways.
 */
export const TOPIC_MESSAGE_OVERHEAD_BYTES = 64 * 1024;
export const topicMaxMessageBytes = (stationMaxMessageBytes: number) => stationMaxMessageBytes + TOPIC_MESSAGE_OVERHEAD_BYTES;

export interface TopicProvisionerOptions {
  brokers: string[];
  clientId?: string;
  /** Topic replication factor; -1 is the broker's default. */
  replicationFactor?: number;
  requestTimeoutMs?: number;
}

/** Errors that no retry can fix (the desired state is refused by the broker). */
const PERMANENT = new Set(['INVALID_CONFIG', 'INVALID_PARTITIONS', 'INVALID_REPLICATION_FACTOR', 'POLICY_VIOLATION', 'INVALID_TOPIC_EXCEPTION', 'TOPIC_AUTHORIZATION_FAILED']);

export class PermanentProvisioningError extends Error {}

/**
 * Makes one station's topic match a StationApplyJob with one long-lived
 * kafkajs admin client: create it with its configuration, or alter the
 * configuration and add partitions when it exists, or delete it. Idempotent:
 * applying the same job twice leaves the same topic.
 */
export class TopicProvisioner {
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;

  constructor(private readonly opts: TopicProvisionerOptions) {
    const kafka = new Kafka({
      clientId: opts.clientId ?? 'restgw-provisioner',
      brokers: opts.brokers,
      requestTimeout: opts.requestTimeoutMs ?? 30_000,
      retry: { retries: 3 },
      logLevel: logLevel.ERROR,
    });
    this.admin = kafka.admin();
  }

  /** Applies the desired state; resolves with what the topic now is. */
  async apply(job: StationApplyJob): Promise<'active' | 'deleted'> {
    await this.connect();
    try {
      if (job.deleted) {
        await this.deleteTopic(job.topic);
        return 'deleted';
      }
      const configEntries = desiredConfig(job);
      const created = await this.admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: job.topic, numPartitions: job.partitions, replicationFactor: this.opts.replicationFactor ?? -1, configEntries } satisfies ITopicConfig],
      });
      if (!created) {
        // AlterConfigs replaces the topic's dynamic configuration as a whole:
        // settings back to "broker default" (null) are removed by omission.
        await this.admin.alterConfigs({ validateOnly: false, resources: [{ type: 2 /* TOPIC */, name: job.topic, configEntries }] });
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [job.topic] });
        const current = topics[0]?.partitions.length ?? 0;
        if (current < job.partitions) await this.admin.createPartitions({ topicPartitions: [{ topic: job.topic, count: job.partitions }] });
      }
      return 'active';
    } catch (e) {
      if (PERMANENT.has(errorType(e))) throw new PermanentProvisioningError(`${errorType(e)}: ${(e as Error).message}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
    this.connected = null;
  }

  private connect(): Promise<void> {
    if (!this.connected) {
      this.connected = this.admin.connect().catch((e) => {
        this.connected = null;
        throw e;
      });
    }
    return this.connected;
  }

  private async deleteTopic(topic: string): Promise<void> {
    // deleteTopics retries an unknown topic for a long while: look first.
    if (!(await this.admin.listTopics()).includes(topic)) return;
    try {
      await this.admin.deleteTopics({ topics: [topic] });
    } catch (e) {
      if (errorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') return;
      throw e;
    }
  }
}

function desiredConfig(job: StationApplyJob): { name: string; value: string }[] {
  const entries = [{ name: 'max.message.bytes', value: String(topicMaxMessageBytes(job.maxMessageBytes)) }];
  if (job.retentionMs !== null) entries.push({ name: 'retention.ms', value: String(job.retentionMs) });
  if (job.retentionBytes !== null) entries.push({ name: 'retention.bytes', value: String(job.retentionBytes) });
  return entries;
}

/** kafkajs nests protocol errors (e.g. in createTopics' `errors` array); the first type found. */
function errorType(e: unknown): string {
  const err = e as { type?: string; errors?: unknown[]; originalError?: unknown; cause?: unknown } | null;
  if (!err) return '';
  if (typeof err.type === 'string' && err.type) return err.type;
  for (const inner of [...(Array.isArray(err.errors) ? err.errors : []), err.originalError, err.cause]) {
    const t = errorType(inner);
    if (t) return t;
  }
  return '';
}
