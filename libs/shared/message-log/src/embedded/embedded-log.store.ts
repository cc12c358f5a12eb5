import type { Pool, PoolClient } from 'pg';
import { LogError, LogErrorKind, type ConsumedRecord, type ProduceRecord } from '../log-backend';
import type { TopicSettings } from '../topic-admin';
import type { CommitPoint } from '../delivery/offset-tracker';
import { appendChannel, schemaDdl } from './embedded-log.schema';

/** Arbitrary constant: serializes concurrent schema creation by several processes. */
const DDL_LOCK = 7_351_104;

/** Size counted against max message bytes and retention bytes: what Kafka counts (value, key, headers). */
export function recordSize(r: ProduceRecord): number {
  let n = r.value.length + (r.key?.length ?? 0);
  for (const [k, v] of Object.entries(r.headers)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

/** SQL of the embedded log. Every statement names its schema explicitly. */
export class EmbeddedLogStore {
  private readonly s: string;
  private readonly channel: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.s = `"${schema}"`;
    this.channel = appendChannel(schema);
  }

  async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
      await c.query(schemaDdl(this.s.slice(1, -1)));
    });
  }

  /** Creates the topic if missing (partitions only grow; other settings of an existing topic stay). */
  async createTopic(name: string, partitions: number): Promise<void> {
    await this.transaction(async (c) => {
      await this.refuseCollision(c, name);
      await c.query(`INSERT INTO ${this.s}.topics (name, partitions) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, partitions]);
      await this.addPartitions(c, name);
    });
  }

  /** Creates or reconfigures a topic as a whole (the provisioner's desired state). */
  async applyTopic(t: TopicSettings): Promise<void> {
    await this.transaction(async (c) => {
      await this.refuseCollision(c, t.name);
      await c.query(
        `INSERT INTO ${this.s}.topics (name, partitions, retention_ms, retention_bytes, max_message_bytes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET partitions = GREATEST(${this.s}.topics.partitions, EXCLUDED.partitions),
           retention_ms = EXCLUDED.retention_ms, retention_bytes = EXCLUDED.retention_bytes, max_message_bytes = EXCLUDED.max_message_bytes`,
        [t.name, t.partitions, t.retentionMs, t.retentionBytes, t.maxMessageBytes],
      );
      await this.addPartitions(c, t.name);
    });
  }

  /**
   * Kafka refuses a topic whose name differs from an existing one only by "."
   * versus "_"; so does this log, so both profiles accept the same topics.
   * The advisory lock serializes creations of colliding names.
   */
  private async refuseCollision(c: PoolClient, name: string): Promise<void> {
    const key = name.replaceAll('.', '_');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    const { rows } = await c.query(`SELECT name FROM ${this.s}.topics WHERE replace(name, '.', '_') = $1 AND name <> $2 LIMIT 1`, [key, name]);
    if (rows[0]) throw new LogError(LogErrorKind.Unavailable, `topic ${name} collides with existing topic ${rows[0].name} ("." and "_" are the same character in topic names)`);
  }

  /** Deletes a topic with its records and every group's offsets; true when it existed. */
  async deleteTopic(name: string): Promise<boolean> {
    return this.transaction(async (c) => {
      await c.query(`DELETE FROM ${this.s}.records WHERE topic = $1`, [name]);
      await c.query(`DELETE FROM ${this.s}.group_offsets WHERE topic = $1`, [name]);
      const { rowCount } = await c.query(`DELETE FROM ${this.s}.topics WHERE name = $1`, [name]);
      return (rowCount ?? 0) > 0;
    });
  }

  async topic(name: string): Promise<TopicSettings | null> {
    const { rows } = await this.pool.query(
      `SELECT name, partitions, retention_ms, retention_bytes, max_message_bytes FROM ${this.s}.topics WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      name: row.name,
      partitions: row.partitions,
      retentionMs: row.retention_ms === null ? null : Number(row.retention_ms),
      retentionBytes: row.retention_bytes === null ? null : Number(row.retention_bytes),
      maxMessageBytes: row.max_message_bytes,
    };
  }

  /**
   * Appends records grouped by partition in one transaction. The partition
   * row's lock assigns offsets and is held until commit, so offsets become
   * visible in order; the NOTIFY is delivered at commit.
   */
  async append(topic: string, byPartition: Map<number, ProduceRecord[]>, timestamp: number): Promise<void> {
    await this.transaction(async (c) => {
      for (const partition of [...byPartition.keys()].sort((a, b) => a - b)) {
        const records = byPartition.get(partition)!;
        const sizes = records.map(recordSize);
        const total = sizes.reduce((a, b) => a + b, 0);
        const { rows } = await c.query(
          `UPDATE ${this.s}.partitions SET next_offset = next_offset + $3, bytes = bytes + $4
           WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS base`,
          [topic, partition, records.length, total],
        );
        if (!rows[0]) throw new LogError(LogErrorKind.Unavailable, `topic ${topic} has no partition ${partition}`);
        await c.query(
          `INSERT INTO ${this.s}.records (topic, partition, "offset", ts, size, key, value, headers)
           SELECT $1, $2, $3::bigint + u.o - 1, $4, u.size, u.key, u.value, u.headers
           FROM unnest($5::int[], $6::bytea[], $7::bytea[], $8::jsonb[]) WITH ORDINALITY AS u(size, key, value, headers, o)`,
          [
            topic,
            partition,
            rows[0].base,
            timestamp,
            sizes,
            records.map((r) => r.key ?? null),
            records.map((r) => r.value),
            records.map((r) => JSON.stringify(r.headers)),
          ],
        );
      }
      await c.query('SELECT pg_notify($1, $2)', [this.channel, topic]);
    });
  }

  /**
   * Up to `limit` records per partition of the topic, from the reader's
   * position (or the group's committed offset when it has none yet), never
   * below what retention left.
   */
  async read(topic: string, group: string, positions: Map<number, bigint>, limit: number): Promise<ConsumedRecord[]> {
    const parts = [...positions.keys()];
    const { rows } = await this.pool.query(
      `SELECT p.partition, r."offset", r.ts, r.key, r.value, r.headers
       FROM ${this.s}.partitions p
       LEFT JOIN unnest($3::int[], $4::bigint[]) AS pos(part, next) ON pos.part = p.partition
       LEFT JOIN ${this.s}.group_offsets g ON g.grp = $2 AND g.topic = p.topic AND g.partition = p.partition
       CROSS JOIN LATERAL (
         SELECT "offset", ts, key, value, headers FROM ${this.s}.records r
         WHERE r.topic = p.topic AND r.partition = p.partition
           AND r."offset" >= GREATEST(COALESCE(pos.next, g.committed, 0), p.start_offset)
         ORDER BY r."offset" LIMIT $5
       ) r
       WHERE p.topic = $1
       ORDER BY p.partition, r."offset"`,
      [topic, group, parts, parts.map((p) => positions.get(p)!.toString()), limit],
    );
    return rows.map((row) => {
      const record: ConsumedRecord = {
        value: row.value,
        headers: row.headers,
        partition: row.partition,
        offset: row.offset,
        timestamp: Number(row.ts),
      };
      if (row.key !== null) record.key = row.key;
      return record;
    });
  }

  /** Commits never move a group's offset backwards. */
  async commit(group: string, topic: string, points: CommitPoint[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.group_offsets (grp, topic, partition, committed)
       SELECT $1, $2, u.partition, u.committed FROM unnest($3::int[], $4::bigint[]) AS u(partition, committed)
       ON CONFLICT (grp, topic, partition) DO UPDATE SET committed = GREATEST(${this.s}.group_offsets.committed, EXCLUDED.committed)`,
      [group, topic, points.map((p) => p.partition), points.map((p) => p.offset)],
    );
  }

  /**
   * Retention, per partition like Kafka: records older than the topic's
   * retention time, then the oldest records while the partition holds more
   * than its retention bytes. Returns the number of records deleted.
   */
  async enforceRetention(now: number, defaultRetentionMs: number): Promise<number> {
    const { rows: parts } = await this.pool.query(
      `SELECT p.topic, p.partition, p.bytes, COALESCE(t.retention_ms, $1::bigint) AS retention_ms, t.retention_bytes
       FROM ${this.s}.partitions p JOIN ${this.s}.topics t ON t.name = p.topic
       WHERE p.next_offset > p.start_offset`,
      [defaultRetentionMs],
    );
    let deleted = 0;
    for (const p of parts) {
      const retentionMs = Number(p.retention_ms);
      if (retentionMs >= 0) deleted += await this.deleteUpTo(p.topic, p.partition, `ts < $3`, [now - retentionMs]);
      const retentionBytes = p.retention_bytes === null ? -1 : Number(p.retention_bytes);
      if (retentionBytes >= 0 && Number(p.bytes) > retentionBytes) {
        // The newest records that fit stay; everything older than the first one that does not fit goes.
        deleted += await this.deleteUpTo(
          p.topic,
          p.partition,
          `"offset" <= (SELECT max(x."offset") FROM (SELECT "offset", sum(size) OVER (ORDER BY "offset" DESC) AS kept
             FROM ${this.s}.records WHERE topic = $1 AND partition = $2) x WHERE x.kept > $3)`,
          [retentionBytes],
        );
      }
    }
    return deleted;
  }

  private async deleteUpTo(topic: string, partition: number, condition: string, params: unknown[]): Promise<number> {
    return this.transaction(async (c) => {
      const { rows } = await c.query(
        `WITH d AS (DELETE FROM ${this.s}.records WHERE topic = $1 AND partition = $2 AND ${condition} RETURNING size)
         SELECT count(*)::int AS n, COALESCE(sum(size), 0)::bigint AS bytes FROM d`,
        [topic, partition, ...params],
      );
      const n = rows[0].n as number;
      if (n > 0) {
        await c.query(
          `UPDATE ${this.s}.partitions p SET bytes = GREATEST(p.bytes - $3, 0),
             start_offset = COALESCE((SELECT min("offset") FROM ${this.s}.records r WHERE r.topic = $1 AND r.partition = $2), p.next_offset)
           WHERE p.topic = $1 AND p.partition = $2`,
          [topic, partition, rows[0].bytes],
        );
      }
      return n;
    });
  }

  /** Records after the group's committed offsets (from the first stored record where it committed none). */
  async groupLag(topic: string, group: string): Promise<number> {
    const { rows } = await this.pool.query<{ lag: string }>(
      `SELECT COALESCE(SUM(GREATEST(p.next_offset - GREATEST(COALESCE(g.committed, 0), p.start_offset), 0)), 0)::text AS lag
       FROM ${this.s}.partitions p
       LEFT JOIN ${this.s}.group_offsets g ON g.grp = $2 AND g.topic = p.topic AND g.partition = p.partition
       WHERE p.topic = $1`,
      [topic, group],
    );
    return Number(rows[0]?.lag ?? 0);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  private async addPartitions(c: PoolClient, topic: string): Promise<void> {
    await c.query(
      `INSERT INTO ${this.s}.partitions (topic, partition)
       SELECT t.name, g.p FROM ${this.s}.topics t CROSS JOIN LATERAL generate_series(0, t.partitions - 1) AS g(p)
       WHERE t.name = $1 ON CONFLICT DO NOTHING`,
      [topic],
    );
  }

  private async transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }
}
