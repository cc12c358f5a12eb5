/**
 * Topic administration, the one way into the log's topics: the gateway ensures
 * a station's topic before serving it (every LogBackend is a TopicAdmin), and
 * the region worker applies a station's desired state with a standalone one
 * (createKafkaTopicAdmin / createEmbeddedTopicAdmin, which hold only what
 * administration needs). Failures are LogErrors: Refused when the log rejects
 * the desired state itself (no retry can fix it), Unavailable otherwise.
 */
export interface TopicSpec {
  name: string;
  /** Defaults to the adapter's configured partitions. */
  partitions?: number;
}

/** A topic's desired state as a whole. */
export interface TopicSettings {
  name: string;
  /** Partitions only grow: a topic with more keeps them. */
  partitions: number;
  /** null: the log's default; -1: unlimited. */
  retentionMs: number | null;
  /** Per partition; null: the log's default; -1: unlimited. */
  retentionBytes: number | null;
  /** The largest record (value + key + headers) the topic accepts; null: the log's default. */
  maxMessageBytes: number | null;
}

export interface TopicAdmin {
  /** Idempotent; creates the topic with the given (else the configured) partitions if missing, leaves an existing one as it is. */
  ensureTopic(spec: TopicSpec): Promise<void>;
  /**
   * Creates the topic with these settings, or makes an existing one match
   * them: settings replaced as a whole (null goes back to the log's default),
   * partitions added when more are asked for. Idempotent.
   */
  applyTopic(settings: TopicSettings): Promise<void>;
  /** Deletes the topic and its records; an unknown topic counts as deleted. */
  deleteTopic(name: string): Promise<void>;
  /** True when the log answers within timeoutMs (health; never rejects). */
  isReady(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}
