import type { Kafka } from 'kafkajs';
import type { DeliveredBatch, FetchRequest } from '../log-backend';
import { GroupConsumer } from './group-consumer';

/**
 * One warm GroupConsumer per consumer group, created by the first fetch and
 * disconnected after idleMs without fetches (leaving the group lets another
 * gateway replica take its partitions).
 */
export class GroupConsumerPool {
  private readonly consumers = new Map<string, GroupConsumer>();
  /** Disconnects under way, awaited by close() so no client outlives the backend. */
  private readonly closing = new Set<Promise<void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly kafka: Kafka,
    private readonly idleMs: number,
    private readonly sessionTimeoutMs: number,
  ) {
    this.sweeper = setInterval(() => this.evictIdle(), Math.max(250, Math.min(idleMs / 4, 10_000)));
    this.sweeper.unref();
  }

  fetch(request: FetchRequest): Promise<DeliveredBatch> {
    return this.consumerFor(request.group, request.topic).fetch(request.maxRecords, request.maxWaitMs);
  }

  /** Consumers currently kept warm (tests, diagnostics). */
  size(): number {
    return this.consumers.size;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.consumers.values()];
    this.consumers.clear();
    await Promise.all([...all.map((c) => c.close()), ...this.closing]);
  }

  /** Leaves one group now (graceful hand-over to another replica). */
  async closeGroup(group: string): Promise<void> {
    const consumer = this.consumers.get(group);
    if (!consumer) return;
    this.consumers.delete(group);
    await consumer.close();
  }

  private consumerFor(group: string, topic: string): GroupConsumer {
    const existing = this.consumers.get(group);
    if (existing) {
      // Group names embed the station, so a group always reads one topic.
      if (existing.topic !== topic) throw new Error(`group ${group} reads ${existing.topic}, not ${topic}`);
      return existing;
    }
    const consumer = new GroupConsumer(this.kafka, group, topic, (failed) => this.drop(failed), this.sessionTimeoutMs);
    this.consumers.set(group, consumer);
    return consumer;
  }

  /** A consumer that failed is replaced by a new one on the next fetch. */
  private drop(consumer: GroupConsumer): void {
    if (this.consumers.get(consumer.group) === consumer) this.consumers.delete(consumer.group);
    const closing = consumer.close().finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }

  private evictIdle(): void {
    const now = Date.now();
    for (const consumer of this.consumers.values()) {
      if (consumer.isIdle(now, this.idleMs)) this.drop(consumer);
    }
  }
}
