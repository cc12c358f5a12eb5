import { Kafka, logLevel, type Admin, type Message, type Producer } from 'kafkajs';
import type { Measured, RunLimits } from './gateway-runner';
import { closedLoop } from './loop';
import { jsonBatch, textBody } from './payloads';
import { LatencySamples } from './stats';
import type { Workload } from './workloads';

/**
 * The native ceiling: the same workloads done by a plain kafkajs client on the
 * same broker, configured like the gateway's producer (idempotent, acks -1,
 * maxInFlightRequests 1, one producer shared by all concurrent sends).
 */
export class NativeRunner {
  private readonly kafka: Kafka;
  private admin?: Admin;
  private producer?: Producer;
  readonly topics: string[] = [];

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'restgw-bench', brokers, logLevel: logLevel.NOTHING });
  }

  async connect(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  async createTopic(topic: string): Promise<void> {
    await this.admin!.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    this.topics.push(topic);
  }

  async run(w: Workload, topic: string, lim: RunLimits): Promise<Measured> {
    const producer = this.producer!;
    switch (w.kind) {
      case 'produce-single': {
        await this.createTopic(topic);
        const value = textBody(w.size);
        return closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
          await producer.send({ topic, acks: -1, messages: [{ value }] });
          return { messages: 1, bytes: w.size };
        });
      }
      case 'produce-batch': {
        await this.createTopic(topic);
        const { element } = jsonBatch(1, w.size);
        const messages: Message[] = Array.from({ length: w.batch }, () => ({ value: element }));
        return closedLoop({ concurrency: w.concurrency, ...lim }, async () => {
          await producer.send({ topic, acks: -1, messages });
          return { messages: w.batch, bytes: w.batch * w.size };
        });
      }
      case 'consume-batch':
        await this.createTopic(topic);
        return this.consume(w, topic, lim);
      case 'authenticate':
        throw new Error('authenticate has no native counterpart');
    }
  }

  /**
   * Pre-fills with sends of `batch` messages, then drains with a consumer in a
   * fresh group. kafkajs has no batch size, and a broker always returns whole
   * record batches; so the pre-fill writes record batches of `batch` messages
   * and each fetch is capped at about that many bytes (maxBytesPerPartition):
   * one eachBatch call is then ~`batch` messages and counts as one "request".
   * The first batch (group join) is warm-up, as for the gateway.
   */
  private async consume(w: Extract<Workload, { kind: 'consume-batch' }>, topic: string, lim: RunLimits): Promise<Measured> {
    const { element } = jsonBatch(1, w.size);
    const per = Math.min(1000, w.batch);
    const fill: Message[] = Array.from({ length: per }, () => ({ value: element }));
    const sends: Promise<unknown>[] = [];
    for (let sent = 0; sent < w.prefill; sent += per) {
      sends.push(this.producer!.send({ topic, acks: -1, messages: fill.slice(0, Math.min(per, w.prefill - sent)) }));
      if (sends.length >= 64) await Promise.all(sends.splice(0));
    }
    await Promise.all(sends);
    const consumer = this.kafka.consumer({
      groupId: `bench-native-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      maxBytesPerPartition: w.batch * (w.size + 80),
      maxWaitTimeInMs: 1000,
    });
    const latencies = new LatencySamples(1_000_000);
    const r: Measured = { requests: 0, messages: 0, bytes: 0, errors: 0, elapsedMs: 0, latencies };
    let received = 0;
    const t0 = performance.now();
    let measuredFrom = 0;
    let last = 0;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => finish(), lim.durationMs + 30_000);
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          const now = performance.now();
          const n = batch.messages.length;
          received += n;
          if (measuredFrom === 0) {
            measuredFrom = now;
            r.warmupMs = now - t0;
          } else {
            latencies.add(now - last);
            r.requests++;
            r.messages += n;
            for (const m of batch.messages) r.bytes += m.value?.length ?? 0;
          }
          last = now;
          if (received >= w.prefill || now - measuredFrom > lim.durationMs || r.requests >= lim.maxOps) finish();
        },
      });
      await done;
      r.elapsedMs = last - measuredFrom;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
    }
    return r;
  }

  /** Deletes the topics this run created, then disconnects. */
  async close(): Promise<void> {
    if (this.admin && this.topics.length) await this.admin.deleteTopics({ topics: this.topics, timeout: 30_000 }).catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
