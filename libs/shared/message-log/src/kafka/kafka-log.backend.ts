import { LogError, LogErrorKind, type DeliveredBatch, type FetchRequest, type LogBackend, type ProduceRecord } from '../log-backend';
import type { TopicSettings, TopicSpec } from '../topic-admin';
import { GroupConsumerPool } from './group-consumer-pool';
import { createKafkaClient } from './kafka-client';
import { KafkaTopicAdmin } from './kafka-topic-admin';
import { resolveKafkaLogOptions, type KafkaLogOptions, type ResolvedKafkaLogOptions } from './kafka-log.options';
import { KafkaProducer } from './kafka-producer';

/**
 * LogBackend on any Kafka-protocol cluster through kafkajs. One instance per
 * process holds one producer, one admin client and one consumer per active
 * group; all connect on first use.
 */
export class KafkaLogBackend implements LogBackend {
  private readonly producer: KafkaProducer;
  private readonly admin: KafkaTopicAdmin;
  private readonly consumers: GroupConsumerPool;
  private closed: Promise<void> | null = null;

  constructor(private readonly options: ResolvedKafkaLogOptions) {
    const kafka = createKafkaClient(options);
    this.producer = new KafkaProducer(kafka, options.retries, options.produceTimeoutMs);
    this.admin = new KafkaTopicAdmin(kafka, {
      partitions: options.defaultPartitions,
      replicationFactor: options.replicationFactor,
    });
    this.consumers = new GroupConsumerPool(kafka, options.consumerIdleMs, options.consumerSessionTimeoutMs);
  }

  async ensureTopic(spec: TopicSpec): Promise<void> {
    this.assertOpen();
    await this.admin.ensureTopic(spec);
  }

  async applyTopic(settings: TopicSettings): Promise<void> {
    this.assertOpen();
    await this.admin.applyTopic(settings);
  }

  async deleteTopic(name: string): Promise<void> {
    this.assertOpen();
    await this.admin.deleteTopic(name);
    this.producer.forgetTopic(name);
  }

  async produce(topic: string, records: ProduceRecord[]): Promise<void> {
    this.assertOpen();
    await this.producer.produce(topic, records);
  }

  async fetch(request: FetchRequest): Promise<DeliveredBatch> {
    this.assertOpen();
    return this.consumers.fetch(request);
  }

  forgetTopic(topic: string): void {
    this.admin.forget(topic);
    this.producer.forgetTopic(topic);
  }

  async closeGroup(group: string): Promise<void> {
    await this.consumers.closeGroup(group);
  }

  groupLag(topic: string, group: string): Promise<number> {
    return this.admin.groupLag(topic, group);
  }

  async isReady(): Promise<boolean> {
    if (this.closed) return false;
    return this.admin.isReady(this.options.readyTimeoutMs);
  }

  /** Disconnects every client; uncommitted deliveries stay uncommitted (they are redelivered later). */
  close(): Promise<void> {
    this.closed ??= Promise.all([this.consumers.close(), this.producer.close(), this.admin.close()]).then(() => undefined);
    return this.closed;
  }

  /** Consumer groups kept warm in this process (tests, diagnostics). */
  activeGroups(): number {
    return this.consumers.size();
  }

  private assertOpen(): void {
    if (this.closed) throw new LogError(LogErrorKind.Unavailable, 'the log backend is closed');
  }
}

export function createKafkaLogBackend(options: KafkaLogOptions): KafkaLogBackend {
  return new KafkaLogBackend(resolveKafkaLogOptions(options));
}
