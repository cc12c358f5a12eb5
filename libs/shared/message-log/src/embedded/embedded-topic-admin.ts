import { Pool } from 'pg';
import { LogError, LogErrorKind } from '../log-backend';
import type { TopicAdmin, TopicSettings, TopicSpec } from '../topic-admin';
import { guarded } from './embedded-errors';
import { EmbeddedLogStore } from './embedded-log.store';
import { poolConfig, resolveEmbeddedLogOptions, type EmbeddedLogOptions } from './embedded-log.options';
import { succeedsWithin } from './ready-probe';

const INT_MAX = 2 ** 31 - 1;

/**
 * TopicAdmin on the embedded log's tables. The backend holds one on its own
 * pool (its topic cache is dropped around each call); createEmbeddedTopicAdmin
 * makes one with a pool of its own. Settings the log cannot hold are refused
 * like Kafka refuses them (Refused, nothing written).
 */
export class EmbeddedTopicAdmin implements TopicAdmin {
  constructor(
    private readonly store: EmbeddedLogStore,
    private readonly defaultPartitions: number,
    /** Resolves once the tables exist (rejects once closed). */
    private readonly ready: () => Promise<void>,
    private readonly release: () => Promise<void> = async () => undefined,
  ) {}

  async ensureTopic(spec: TopicSpec): Promise<void> {
    const partitions = spec.partitions ?? this.defaultPartitions;
    refuse(spec.name, partitionsProblem(partitions));
    await this.ready();
    await guarded(() => this.store.createTopic(spec.name, partitions));
  }

  async applyTopic(settings: TopicSettings): Promise<void> {
    refuse(settings.name, settingsProblem(settings));
    await this.ready();
    await guarded(() => this.store.applyTopic(settings));
  }

  async deleteTopic(name: string): Promise<void> {
    await this.ready();
    await guarded(() => this.store.deleteTopic(name));
  }

  isReady(timeoutMs = 3_000): Promise<boolean> {
    return succeedsWithin(() => this.ready().then(() => this.store.ping()), timeoutMs);
  }

  close(): Promise<void> {
    return this.release();
  }
}

/** A TopicAdmin with a pool of its own (the region worker's provisioning): no readers, listener or retention runs. */
export function createEmbeddedTopicAdmin(options: EmbeddedLogOptions): TopicAdmin {
  const resolved = resolveEmbeddedLogOptions(options);
  const pool = new Pool(poolConfig(resolved));
  pool.on('error', () => undefined); // idle client errors: the next query reports them
  const store = new EmbeddedLogStore(pool, resolved.schema);
  let migrated: Promise<void> | null = null;
  let closed = false;
  // The tables are created once; a failed attempt is tried again by the next call.
  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new LogError(LogErrorKind.Unavailable, 'the topic admin is closed'));
    if (!migrated) {
      const attempt = guarded(() => store.migrate());
      migrated = attempt;
      attempt.catch(() => {
        if (migrated === attempt) migrated = null;
      });
    }
    return migrated;
  };
  const release = async () => {
    if (closed) return;
    closed = true;
    await migrated?.catch(() => undefined);
    await pool.end();
  };
  return new EmbeddedTopicAdmin(store, resolved.defaultPartitions, ready, release);
}

function refuse(topic: string, problem: string | null): void {
  if (problem) throw new LogError(LogErrorKind.Refused, `topic ${topic}: ${problem}`);
}

function partitionsProblem(partitions: number): string | null {
  return Number.isInteger(partitions) && partitions >= 1 && partitions <= INT_MAX ? null : `partitions must be a positive integer, got ${partitions}`;
}

/** Kafka's bounds: retention -1 (unlimited) or more, a record limit that fits an int. */
function settingsProblem(s: TopicSettings): string | null {
  const partitions = partitionsProblem(s.partitions);
  if (partitions) return partitions;
  for (const [name, value] of [['retentionMs', s.retentionMs], ['retentionBytes', s.retentionBytes]] as const) {
    if (value !== null && !(Number.isSafeInteger(value) && value >= -1)) return `${name} must be -1 (unlimited) or more, got ${value}`;
  }
  const max = s.maxMessageBytes;
  if (max !== null && !(Number.isInteger(max) && max >= 0 && max <= INT_MAX)) return `maxMessageBytes must be an integer from 0 to ${INT_MAX}, got ${max}`;
  return null;
}
