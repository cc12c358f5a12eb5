import type { Kafka, Message, Producer } from 'kafkajs';
import { LogError, LogErrorKind, type ProduceRecord } from '../log-backend';
import { toLogError } from './kafka-errors';
import { ProduceCoalescer } from './produce-coalescer';
import { pinKeyless, RetryStablePartitioner } from './retry-stable.partitioner';

/**
 * The process's one idempotent producer: connected on first use, reused by
 * every produce(), acks from all in-sync replicas. Idempotence makes kafkajs
 * retries safe against duplicates within a session; kafkajs already serialises
 * requests per broker for it, and maxInFlightRequests 1 states the constraint
 * idempotence needs (KIP-98: ordered, gapless sequence numbers) explicitly.
 */
export class KafkaProducer {
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;
  private readonly coalescer = new ProduceCoalescer((topic, records) => this.send(topic, records));

  constructor(
    kafka: Kafka,
    retries: number,
    private readonly timeoutMs: number,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false, // topics are created by ensureTopic, with the configured partitions
      // Chosen explicitly (no KAFKAJS_NO_PARTITIONER_WARNING); keeps kafkajs retries idempotent.
      createPartitioner: RetryStablePartitioner,
      retry: { retries },
    });
  }

  /**
   * Resolves once the log acknowledged every record on all in-sync replicas.
   * Rejects with Unavailable after timeoutMs even if kafkajs is still retrying
   * (a broker that accepts connections but never answers): the caller answers
   * 503 and the client retries; should the send still succeed, that retry is
   * a duplicate, never a loss (at-least-once).
   */
  async produce(topic: string, records: ProduceRecord[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LogError(LogErrorKind.Unavailable, `produce to ${topic}: no acknowledgement within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([this.coalescer.produce(topic, records), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Lets records already accepted reach the log, then disconnects. */
  async close(): Promise<void> {
    await this.coalescer.drain();
    const connecting = this.connecting;
    this.connecting = null;
    if (!connecting) return;
    await connecting.catch(() => undefined);
    await this.producer.disconnect();
  }

  private async send(topic: string, records: ProduceRecord[]): Promise<void> {
    try {
      await this.connect();
      const messages = records.map(toMessage);
      pinKeyless(messages);
      await this.producer.send({ topic, acks: -1, messages });
    } catch (e) {
      throw toLogError(e, `produce to ${topic}`);
    }
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      const attempt = this.producer.connect();
      this.connecting = attempt;
      // A failed connect is forgotten, so the next produce tries again.
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = null;
      });
    }
    return this.connecting;
  }
}

function toMessage(r: ProduceRecord): Message {
  return { value: r.value, key: r.key ?? null, headers: { ...r.headers } };
}
