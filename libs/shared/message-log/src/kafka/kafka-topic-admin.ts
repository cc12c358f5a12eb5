import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { LogError, LogErrorKind } from '../log-backend';
import type { TopicAdmin, TopicSettings, TopicSpec } from '../topic-admin';
import { createKafkaClient } from './kafka-client';
import { hasErrorType, toAdminError } from './kafka-errors';
import { resolveKafkaLogOptions, type KafkaLogOptions } from './kafka-log.options';

const LEADER_WAIT_MS = 10_000;

/**
 * Kafka's max.message.bytes limits a whole record batch, not one record: a
 * topic gets the record limit it is asked for plus room for batch and record
 * framing. The gateways enforce the record limit itself per message.
 */
export const TOPIC_MESSAGE_OVERHEAD_BYTES = 64 * 1024;
export const kafkaTopicMaxMessageBytes = (recordLimit: number) => recordLimit + TOPIC_MESSAGE_OVERHEAD_BYTES;

/**
 * TopicAdmin with one admin client, connected on first use; also answers the
 * backend's readiness. Topics known to exist are remembered, so ensureTopic on
 * the hot path is a map lookup after the first call.
 */
export class KafkaTopicAdmin implements TopicAdmin {
  private readonly admin: Admin;
  private connecting: Promise<void> | null = null;
  /** Topic -> its creation (shared by concurrent callers); removed again when it failed. */
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(
    kafka: Kafka,
    private readonly defaults: { partitions: number; replicationFactor: number },
  ) {
    this.admin = kafka.admin();
  }

  ensureTopic(spec: TopicSpec): Promise<void> {
    let done = this.ensured.get(spec.name);
    if (!done) {
      done = this.create(spec);
      this.ensured.set(spec.name, done);
      done.catch(() => this.ensured.delete(spec.name));
    }
    return done;
  }

  async applyTopic(settings: TopicSettings): Promise<void> {
    try {
      await this.connect();
      const configEntries = topicConfigEntries(settings);
      const created = await this.admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: settings.name, numPartitions: settings.partitions, replicationFactor: this.defaults.replicationFactor, configEntries }],
      });
      if (!created) {
        // AlterConfigs replaces the topic's dynamic configuration as a whole:
        // settings back to "broker default" (null) are removed by omission.
        await this.admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: settings.name, configEntries }] });
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [settings.name] });
        const current = topics[0]?.partitions.length ?? 0;
        if (current < settings.partitions) await this.admin.createPartitions({ topicPartitions: [{ topic: settings.name, count: settings.partitions }] });
      }
    } catch (e) {
      throw toAdminError(e, `apply topic ${settings.name}`);
    }
  }

  async deleteTopic(name: string): Promise<void> {
    try {
      await this.connect();
      // deleteTopics retries an unknown topic for a long while: look first.
      if ((await this.admin.listTopics()).includes(name)) await this.admin.deleteTopics({ topics: [name] });
    } catch (e) {
      if (!hasErrorType(e, 'UNKNOWN_TOPIC_OR_PARTITION')) throw toAdminError(e, `delete topic ${name}`);
    } finally {
      this.forget(name);
    }
  }

  /** The topic was deleted: the next ensureTopic asks the cluster again. */
  forget(topic: string): void {
    this.ensured.delete(topic);
  }

  /** Records after the group's committed offsets (from the low watermark where it committed none). */
  async groupLag(topic: string, group: string): Promise<number> {
    await this.connect();
    const [ends, [committed]] = await Promise.all([this.admin.fetchTopicOffsets(topic), this.admin.fetchOffsets({ groupId: group, topics: [topic] })]);
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    let lag = 0;
    for (const p of ends) {
      const c = at.get(p.partition);
      const from = c === undefined || c < 0 ? Number(p.low) : c;
      lag += Math.max(0, Number(p.high) - from);
    }
    return lag;
  }

  /** True when the cluster answers a metadata request within timeoutMs. */
  async isReady(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = this.connect()
      .then(() => this.admin.describeCluster())
      .then(
        (cluster) => cluster.brokers.length > 0,
        () => false,
      );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = null;
    if (!connecting) return;
    await connecting.catch(() => undefined);
    await this.admin.disconnect();
  }

  private async create(spec: TopicSpec): Promise<void> {
    try {
      await this.connect();
      // Resolves false (not an error) when the topic exists already: creation is idempotent.
      await this.admin.createTopics({
        waitForLeaders: false, // waitForLeaders() below covers both new and existing topics
        topics: [
          {
            topic: spec.name,
            numPartitions: spec.partitions ?? this.defaults.partitions,
            replicationFactor: this.defaults.replicationFactor,
          },
        ],
      });
      await this.waitForLeaders(spec.name);
    } catch (e) {
      throw toAdminError(e, `ensure topic ${spec.name}`);
    }
  }

  /**
   * A produce right after ensureTopic must find a leader for every partition,
   * also when another gateway created the topic a moment ago (createTopics
   * would not wait then).
   */
  private async waitForLeaders(topic: string): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
      } catch (e) {
        // A topic created a moment ago may still be unknown to the broker answering (UNKNOWN_TOPIC_OR_PARTITION).
        if (Date.now() > deadline) throw e;
      }
      if (Date.now() > deadline) throw new LogError(LogErrorKind.Unavailable, `topic ${topic} has partitions without a leader`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      const attempt = this.admin.connect();
      this.connecting = attempt;
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = null;
      });
    }
    return this.connecting;
  }
}

function topicConfigEntries(settings: TopicSettings): Array<{ name: string; value: string }> {
  const entries: Array<{ name: string; value: string }> = [];
  if (settings.maxMessageBytes !== null) entries.push({ name: 'max.message.bytes', value: String(kafkaTopicMaxMessageBytes(settings.maxMessageBytes)) });
  if (settings.retentionMs !== null) entries.push({ name: 'retention.ms', value: String(settings.retentionMs) });
  if (settings.retentionBytes !== null) entries.push({ name: 'retention.bytes', value: String(settings.retentionBytes) });
  return entries;
}

export type KafkaTopicAdminOptions = Pick<
  KafkaLogOptions,
  'brokers' | 'clientId' | 'defaultPartitions' | 'replicationFactor' | 'logLevel' | 'connectionTimeoutMs' | 'requestTimeoutMs' | 'retries'
>;

/** A TopicAdmin with a client of its own (the region worker's provisioning); nothing of a LogBackend's producer or consumers. */
export function createKafkaTopicAdmin(options: KafkaTopicAdminOptions): KafkaTopicAdmin {
  const resolved = resolveKafkaLogOptions(options);
  return new KafkaTopicAdmin(createKafkaClient(resolved), { partitions: resolved.defaultPartitions, replicationFactor: resolved.replicationFactor });
}
