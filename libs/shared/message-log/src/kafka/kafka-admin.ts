import type { Admin, Kafka } from 'kafkajs';
import { LogError, LogErrorKind, type TopicSpec } from '../log-backend';
import { toLogError } from './kafka-errors';

const LEADER_WAIT_MS = 10_000;

/**
 * The process's one admin client, connected on first use: creates topics and
 * answers readiness. Topics known to exist are remembered, so ensureTopic on
 * the hot path is a map lookup after the first call.
 */
export class KafkaAdmin {
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

  /** The topic was deleted: the next ensureTopic asks the cluster again. */
  forget(topic: string): void {
    this.ensured.delete(topic);
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
      throw toLogError(e, `ensure topic ${spec.name}`);
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
