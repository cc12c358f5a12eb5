import { randomInt } from 'node:crypto';
import { Pool } from 'pg';
import { LogError, LogErrorKind, type DeliveredBatch, type FetchRequest, type LogBackend, type ProduceRecord } from '../log-backend';
import type { TopicSettings, TopicSpec } from '../topic-admin';
import { AppendListener } from './append-listener';
import { guarded } from './embedded-errors';
import { appendChannel } from './embedded-log.schema';
import { EmbeddedLogStore, recordSize } from './embedded-log.store';
import { EmbeddedTopicAdmin } from './embedded-topic-admin';
import { poolConfig, resolveEmbeddedLogOptions, type EmbeddedLogOptions, type ResolvedEmbeddedLogOptions } from './embedded-log.options';
import { GroupReader } from './group-reader';
import { partitionForKey } from './murmur2.partitioner';
import { succeedsWithin } from './ready-probe';

/** Topic settings are cached this long (another process may add partitions or change limits). */
const TOPIC_CACHE_MS = 5_000;

/**
 * LogBackend stored in PostgreSQL, for one machine (the local profile): per
 * topic partitions with offsets, records with key, headers and timestamp,
 * group offsets, retention by time and size, and long-poll through
 * LISTEN/NOTIFY. Keyed records go to Kafka's murmur2 partition, the keyless
 * records of one produce call to one partition (round robin across calls),
 * like the Kafka adapter.
 */
export class EmbeddedLogBackend implements LogBackend {
  private readonly pool: Pool;
  private readonly store: EmbeddedLogStore;
  private readonly admin: EmbeddedTopicAdmin;
  private readonly listener: AppendListener;
  private readonly readers = new Map<string, GroupReader>();
  private readonly topics = new Map<string, { config: TopicSettings; at: number }>();
  private readonly closing = new Set<Promise<void>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly retention: NodeJS.Timeout;
  private started: Promise<void> | null = null;
  private closed: Promise<void> | null = null;
  private keylessTurn = randomInt(2 ** 31);
  private retentionRun: Promise<number> | null = null;

  constructor(private readonly options: ResolvedEmbeddedLogOptions) {
    this.pool = new Pool(poolConfig(options));
    this.pool.on('error', () => undefined); // idle client errors: the next query reports them
    this.store = new EmbeddedLogStore(this.pool, options.schema);
    this.admin = new EmbeddedTopicAdmin(this.store, options.defaultPartitions, () => this.start());
    this.listener = new AppendListener(
      options.connectionString,
      appendChannel(options.schema),
      (topic) => this.wakeTopic(topic),
      () => this.wakeAll(),
    );
    this.sweeper = setInterval(() => this.evictIdle(), Math.max(250, Math.min(options.consumerIdleMs / 4, 10_000)));
    this.sweeper.unref();
    this.retention = setInterval(() => void this.enforceRetention().catch(() => undefined), options.retentionCheckMs);
    this.retention.unref();
  }

  async ensureTopic(spec: TopicSpec): Promise<void> {
    await this.start();
    const cached = this.topics.get(spec.name);
    if (cached && (spec.partitions ?? 0) <= cached.config.partitions) return;
    await this.admin.ensureTopic(spec);
    this.topics.delete(spec.name);
  }

  async applyTopic(settings: TopicSettings): Promise<void> {
    await this.admin.applyTopic(settings);
    this.topics.delete(settings.name);
  }

  /** Deletes a topic, its records and its groups' offsets. */
  async deleteTopic(name: string): Promise<void> {
    this.topics.delete(name);
    await this.admin.deleteTopic(name);
  }

  async produce(topic: string, records: ProduceRecord[]): Promise<void> {
    await this.start();
    if (records.length === 0) return;
    const config = await this.topicConfig(topic);
    const limit = config.maxMessageBytes ?? this.options.defaultMaxMessageBytes;
    for (const r of records) {
      const size = recordSize(r);
      if (size > limit) throw new LogError(LogErrorKind.TooLarge, `a record of ${size} bytes is over the limit of ${limit} bytes of topic ${topic}`);
    }
    const keyless = this.keylessTurn++ % config.partitions;
    const byPartition = new Map<number, ProduceRecord[]>();
    for (const r of records) {
      const partition = r.key ? partitionForKey(r.key, config.partitions) : keyless;
      const list = byPartition.get(partition);
      if (list) list.push(r);
      else byPartition.set(partition, [r]);
    }
    await guarded(() => this.store.append(topic, byPartition, Date.now()));
  }

  async fetch(request: FetchRequest): Promise<DeliveredBatch> {
    await this.start();
    return this.readerFor(request.group, request.topic).fetch(request.maxRecords, request.maxWaitMs);
  }

  /** The topic was deleted: its cached settings go (a re-created topic is read again). */
  forgetTopic(topic: string): void {
    this.topics.delete(topic);
  }

  /** Stops reading for the group here (hand-over): pending fetches answer empty, commits under way finish first. */
  async closeGroup(group: string): Promise<void> {
    const reader = this.readers.get(group);
    if (!reader) return;
    this.readers.delete(group);
    await reader.close();
  }

  groupLag(topic: string, group: string): Promise<number> {
    return this.store.groupLag(topic, group);
  }

  async isReady(): Promise<boolean> {
    if (this.closed) return false;
    return succeedsWithin(() => this.start().then(() => this.store.ping()), this.options.readyTimeoutMs);
  }

  /** Runs retention now (also runs every retentionCheckMs); resolves with the records deleted. */
  enforceRetention(now = Date.now()): Promise<number> {
    this.retentionRun ??= this.start()
      .then(() => this.store.enforceRetention(now, this.options.defaultRetentionMs))
      .finally(() => {
        this.retentionRun = null;
      });
    return this.retentionRun;
  }

  /** Uncommitted deliveries stay uncommitted (the group's next reader gets them again). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      clearInterval(this.sweeper);
      clearInterval(this.retention);
      const readers = [...this.readers.values()];
      this.readers.clear();
      await Promise.all([...readers.map((r) => r.close()), ...this.closing]);
      await this.retentionRun?.catch(() => undefined);
      await this.started?.catch(() => undefined);
      await this.listener.close();
      await this.pool.end();
    })();
    return this.closed;
  }

  /** Consumer groups kept in memory (tests, diagnostics). */
  activeGroups(): number {
    return this.readers.size;
  }

  /** Creates the tables and starts listening, once; a failed start is tried again by the next call. */
  private start(): Promise<void> {
    if (this.closed) return Promise.reject(new LogError(LogErrorKind.Unavailable, 'the log backend is closed'));
    if (!this.started) {
      this.started = guarded(async () => {
        await this.store.migrate();
        await this.listener.start();
      });
      this.started.catch(() => {
        this.started = null;
      });
    }
    return this.started;
  }

  private async topicConfig(topic: string): Promise<TopicSettings> {
    const cached = this.topics.get(topic);
    if (cached && Date.now() - cached.at < TOPIC_CACHE_MS) return cached.config;
    const config = await guarded(() => this.store.topic(topic));
    if (!config) throw new LogError(LogErrorKind.Unavailable, `topic ${topic} does not exist`);
    this.topics.set(topic, { config, at: Date.now() });
    return config;
  }

  private readerFor(group: string, topic: string): GroupReader {
    const existing = this.readers.get(group);
    if (existing) {
      // Group names embed the station, so a group always reads one topic.
      if (existing.topic !== topic) throw new Error(`group ${group} reads ${existing.topic}, not ${topic}`);
      return existing;
    }
    const reader = new GroupReader(this.store, group, topic);
    this.readers.set(group, reader);
    return reader;
  }

  private wakeTopic(topic: string): void {
    for (const reader of this.readers.values()) if (reader.topic === topic) reader.wake();
  }

  private wakeAll(): void {
    for (const reader of this.readers.values()) reader.wake();
  }

  private evictIdle(): void {
    const now = Date.now();
    for (const reader of this.readers.values()) {
      if (!reader.isIdle(now, this.options.consumerIdleMs)) continue;
      this.readers.delete(reader.group);
      const closing = reader.close().finally(() => this.closing.delete(closing));
      this.closing.add(closing);
    }
  }
}

export function createEmbeddedLogBackend(options: EmbeddedLogOptions): EmbeddedLogBackend {
  return new EmbeddedLogBackend(resolveEmbeddedLogOptions(options));
}
