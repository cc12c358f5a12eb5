import type { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { LogError, LogErrorKind, type ProduceRecord } from '../log-backend';
import { isProducerStateError, toLogError } from './kafka-errors';
import { ProduceCoalescer } from './produce-coalescer';
import { pinKeyless, RetryStablePartitioner } from './retry-stable.partitioner';

/** One kafkajs producer (one producer id) and the sends running on it. */
interface Session {
  producer: Producer;
  ready: Promise<void>;
  sending: number;
  /** Topics sent to: kafkajs refreshes metadata for all of them on every refresh. */
  topics: Set<string>;
  retired: boolean;
  disconnected: boolean;
}

/**
 * The process's idempotent producer: connected on first use, shared by every
 * produce(), acks from all in-sync replicas. Idempotence makes kafkajs retries
 * safe against duplicates; kafkajs already serialises requests per broker for
 * it, and maxInFlightRequests 1 states that constraint (KIP-98: ordered,
 * gapless sequence numbers) explicitly.
 *
 * After a send fails for good, its producer is replaced: kafkajs rolls the
 * sequence numbers back although the broker may have stored part of the send,
 * and reusing them could make the broker drop later records as duplicates of
 * those (acknowledged, yet lost) or refuse everything after. A new producer id
 * starts clean, as the Java client does by bumping its epoch.
 */
export class KafkaProducer {
  private session: Session | null = null;
  /** Retired producers still disconnecting, awaited by close(). */
  private readonly disconnecting = new Set<Promise<void>>();
  private readonly coalescer = new ProduceCoalescer((topic, records) => this.send(topic, records));

  constructor(
    private readonly kafka: Kafka,
    private readonly retries: number,
    private readonly timeoutMs: number,
  ) {}

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

  /**
   * A deleted topic stays in kafkajs's metadata targets, and every later
   * metadata refresh of this producer fails on it (UNKNOWN_TOPIC_OR_PARTITION),
   * failing produces to healthy topics. A producer that sent to it is retired;
   * the next send starts a fresh one.
   */
  forgetTopic(topic: string): void {
    if (this.session?.topics.has(topic)) this.retire(this.session);
  }

  /** Lets records already accepted reach the log, then disconnects. */
  async close(): Promise<void> {
    await this.coalescer.drain();
    if (this.session) this.retire(this.session);
    await Promise.all([...this.disconnecting]);
  }

  private async send(topic: string, records: ProduceRecord[], attempt = 1): Promise<void> {
    const session = this.current();
    session.sending++;
    session.topics.add(topic);
    try {
      await session.ready;
      const messages = toMessages(records);
      pinKeyless(messages);
      await session.producer.send({ topic, acks: -1, messages });
    } catch (e) {
      this.retire(session);
      // The broker refused the send over producer state (nothing stored): once more with a new producer id.
      if (attempt === 1 && isProducerStateError(e)) return this.send(topic, records, 2);
      throw toLogError(e, `produce to ${topic}`);
    } finally {
      session.sending--;
      this.disconnectIfIdle(session);
    }
  }

  private current(): Session {
    if (!this.session) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false, // topics are created by ensureTopic, with the configured partitions
        // Chosen explicitly (no KAFKAJS_NO_PARTITIONER_WARNING); keeps kafkajs retries idempotent.
        createPartitioner: RetryStablePartitioner,
        retry: { retries: this.retries },
      });
      this.session = { producer, ready: producer.connect(), sending: 0, topics: new Set(), retired: false, disconnected: false };
    }
    return this.session;
  }

  private retire(session: Session): void {
    session.retired = true;
    if (this.session === session) this.session = null;
    this.disconnectIfIdle(session);
  }

  private disconnectIfIdle(session: Session): void {
    if (!session.retired || session.sending > 0 || session.disconnected) return;
    session.disconnected = true;
    const done = session.ready
      .then(() => session.producer.disconnect())
      .catch(() => undefined)
      .finally(() => this.disconnecting.delete(done));
    this.disconnecting.add(done);
  }
}

/**
 * Records -> kafkajs messages. Header values are encoded once per headers
 * object (a batch request shares one among all its records): kafkajs would
 * otherwise encode each string again for every record.
 */
function toMessages(records: ProduceRecord[]): Message[] {
  let last: ProduceRecord['headers'] | undefined;
  let encoded: IHeaders = {};
  return records.map((r) => {
    if (r.headers !== last) {
      last = r.headers;
      encoded = {};
      for (const name in r.headers) encoded[name] = Buffer.from(r.headers[name], 'utf8');
    }
    return { value: r.value, key: r.key ?? null, headers: encoded };
  });
}
