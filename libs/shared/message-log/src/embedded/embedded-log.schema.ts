/**
 * Tables of the embedded log, created by the adapter on first use (the log is
 * a library's storage, not part of the control plane's Prisma schema):
 * - topics: configuration (partitions, retention by time and size, record size limit);
 * - partitions: the next offset to assign (its row lock serializes appends, so
 *   committed offsets always form a gap-free prefix readers can trust), the
 *   first offset still stored (moved by retention) and the bytes stored;
 * - records: one row per record, keyed by (topic, partition, offset);
 * - group_offsets: a consumer group's committed position (Kafka's convention:
 *   the offset of the next record to read).
 */
export function schemaDdl(schema: string): string {
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.topics (
  name text PRIMARY KEY,
  partitions integer NOT NULL CHECK (partitions > 0),
  retention_ms bigint,
  retention_bytes bigint,
  max_message_bytes integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.partitions (
  topic text NOT NULL REFERENCES ${s}.topics(name) ON DELETE CASCADE,
  partition integer NOT NULL,
  next_offset bigint NOT NULL DEFAULT 0,
  start_offset bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (topic, partition)
);
CREATE TABLE IF NOT EXISTS ${s}.records (
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  ts bigint NOT NULL,
  size integer NOT NULL,
  key bytea,
  value bytea NOT NULL,
  headers jsonb NOT NULL,
  PRIMARY KEY (topic, partition, "offset")
);
CREATE INDEX IF NOT EXISTS records_by_time ON ${s}.records (topic, partition, ts);
CREATE TABLE IF NOT EXISTS ${s}.group_offsets (
  grp text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  committed bigint NOT NULL,
  PRIMARY KEY (grp, topic, partition)
);
`;
}

/** NOTIFY channel of appends (payload: the topic); one per schema so test schemas do not wake each other. */
export const appendChannel = (schema: string) => `${schema}_append`;
