import { createHash } from 'node:crypto';
import { Client, Pool, type PoolClient } from 'pg';
import { ConnectionWatch } from './connection-watch';
import { ReadOp, ReadReplies, ReadSpec, StateListener, StateStore, WriteOp } from './state-store';

/**
 * The state store in PostgreSQL (local profile), so a laptop needs no Redis
 * server. Every value lives in one table:
 * restgw_state.entries (key, field) -> value, score, expires_at; a plain
 * string value (counter, marker, lease) is field ''. Keys get the keyPrefix.
 * Publish is pg_notify on a channel derived from the channel name (a NOTIFY
 * channel is limited to 63 bytes and payloads to 8000): small payloads travel
 * inline, larger ones through restgw_state.messages.
 */
const SCHEMA = 'restgw_state';
const T = `${SCHEMA}.entries`;
const LIVE = '(expires_at IS NULL OR expires_at > clock_timestamp())';
const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)';
const DDL_LOCK = 7_351_105;
const INLINE_PAYLOAD_MAX = 7_000;
const RECONNECT_MS = 1_000;

export interface PgStateStoreOptions {
  url: string;
  keyPrefix: string;
  /** Told when the store becomes unreachable and when it is back (once per outage). */
  onStatus?: (message: string) => void;
}

export class PgStateStore implements StateStore {
  readonly keyPrefix: string;
  private readonly pool: Pool;
  private readonly watch: ConnectionWatch;
  private schemaReady: Promise<void> | null = null;
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;
  private readonly listeners = new Map<string, StateListener[]>(); // channel -> listeners
  private readonly channels = new Map<string, string>(); // NOTIFY channel -> channel
  private listenedBefore = false;
  private closed = false;

  constructor(private readonly opts: PgStateStoreOptions) {
    this.keyPrefix = opts.keyPrefix;
    this.watch = new ConnectionWatch('state store (PostgreSQL)', opts.onStatus);
    this.pool = new Pool({ connectionString: opts.url, max: 4, application_name: 'restgw-state' });
    this.pool.on('error', () => undefined); // idle clients dropped by the server; the next query reports it
  }

  async read<T extends ReadSpec>(ops: T): Promise<ReadReplies<T>> {
    const entries = Object.entries(ops);
    const out: Record<string, unknown> = {};
    // One snapshot for every read, like a MULTI.
    await this.transaction('REPEATABLE READ', async (c) => {
      for (const [name, op] of entries) out[name] = await this.readOne(c, op);
    });
    // Each reply was built per op kind above, which is what ReadReplies<T> names.
    return out as ReadReplies<T>;
  }

  async write(ops: WriteOp[]): Promise<void> {
    await this.transaction('READ COMMITTED', async (c) => {
      for (const op of ops) await this.writeOne(c, op);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.transaction('READ COMMITTED', async (c) => {
      let payload = `m:${message}`;
      if (Buffer.byteLength(message) > INLINE_PAYLOAD_MAX) {
        const { rows } = await c.query(`INSERT INTO ${SCHEMA}.messages (payload) VALUES ($1) RETURNING id`, [message]);
        payload = `r:${rows[0].id}`;
        await c.query(`DELETE FROM ${SCHEMA}.messages WHERE created_at < now() - interval '10 minutes'`);
      }
      await c.query('SELECT pg_notify($1, $2)', [notifyChannelOf(channel), payload]);
    });
  }

  async subscribe(channel: string, listener: StateListener): Promise<void> {
    const list = this.listeners.get(channel);
    if (list) {
      list.push(listener);
      return;
    }
    this.listeners.set(channel, [listener]);
    const notifyChannel = notifyChannelOf(channel);
    this.channels.set(notifyChannel, channel);
    try {
      await this.listen();
      await this.listener?.query(`LISTEN "${notifyChannel}"`);
    } catch (e) {
      this.scheduleRelisten();
      throw e;
    }
  }

  async acquireLease(key: string, holder: string, ttlMs: number): Promise<string> {
    return this.transaction('READ COMMITTED', async (c) => {
      const k = this.key(key);
      const { rows } = await c.query(
        `INSERT INTO ${T} AS t (key, field, value, expires_at) VALUES ($1, '', $2, clock_timestamp() + make_interval(secs => $3::float8 / 1000))
         ON CONFLICT (key, field) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
           WHERE t.value = EXCLUDED.value OR t.expires_at <= clock_timestamp()
         RETURNING value`,
        [k, holder, ttlMs],
      );
      if (rows[0]) return rows[0].value as string;
      // Held by someone else (the conflicting row is committed, so this statement's snapshot sees it).
      const held = await c.query(`SELECT value FROM ${T} WHERE key = $1 AND field = ''`, [k]);
      return held.rows[0]?.value as string;
    });
  }

  async leaseHolder(key: string): Promise<string | null> {
    const { rows } = await this.query(`SELECT value FROM ${T} WHERE key = $1 AND field = '' AND ${LIVE}`, [this.key(key)]);
    return rows[0]?.value ?? null;
  }

  async renewLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.acquireLease(key, holder, ttlMs)) === holder; // extend, or take again when free
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.query(`DELETE FROM ${T} WHERE key = $1 AND field = '' AND value = $2`, [this.key(key), holder]);
  }

  async announceMember(key: string, member: string, ttlMs: number): Promise<void> {
    await this.query(
      `INSERT INTO ${T} (key, field, value, score) VALUES ($1, $2, '', ${NOW_MS} + $3)
       ON CONFLICT (key, field) DO UPDATE SET score = EXCLUDED.score`,
      [this.key(key), member, ttlMs],
    );
  }

  async withdrawMember(key: string, member: string): Promise<void> {
    await this.query(`DELETE FROM ${T} WHERE key = $1 AND field = $2`, [this.key(key), member]);
  }

  async liveMembers(key: string): Promise<string[]> {
    return this.transaction('READ COMMITTED', async (c) => {
      await c.query(`DELETE FROM ${T} WHERE key = $1 AND score <= ${NOW_MS}`, [this.key(key)]);
      const { rows } = await c.query(`SELECT field FROM ${T} WHERE key = $1 ORDER BY score, field COLLATE "C"`, [this.key(key)]);
      return rows.map((r) => r.field as string);
    });
  }

  async enterMember(key: string, member: string, limit: number, ttlMs: number): Promise<boolean> {
    const k = this.key(key);
    return this.transaction('READ COMMITTED', async (c) => {
      // One writer per key at a time, so two entrants cannot both take the last place.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [k]);
      await c.query(`DELETE FROM ${T} WHERE key = $1 AND score <= ${NOW_MS}`, [k]);
      const { rows } = await c.query(`SELECT count(*) FILTER (WHERE field <> $2) AS others, bool_or(field = $2) AS member FROM ${T} WHERE key = $1`, [k, member]);
      if (!rows[0].member && Number(rows[0].others) >= limit) return false;
      await c.query(
        `INSERT INTO ${T} (key, field, value, score) VALUES ($1, $2, '', ${NOW_MS} + $3)
         ON CONFLICT (key, field) DO UPDATE SET score = EXCLUDED.score`,
        [k, member, ttlMs],
      );
      return true;
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1', []);
  }

  onReconnect(listener: () => void): void {
    this.watch.onReconnect(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  // ---- internals -------------------------------------------------------

  private key(key: string): string {
    return this.keyPrefix + key;
  }

  private async readOne(c: PoolClient, op: ReadOp<unknown>): Promise<unknown> {
    const key = this.key(op.key);
    switch (op.kind) {
      case 'get': {
        const { rows } = await c.query(`SELECT value FROM ${T} WHERE key = $1 AND field = '' AND ${LIVE}`, [key]);
        return rows[0]?.value ?? null;
      }
      case 'ttl': {
        const { rows } = await c.query(
          `SELECT CASE WHEN expires_at IS NULL THEN -1 ELSE GREATEST(0, ceil(extract(epoch FROM expires_at - clock_timestamp())))::int END AS ttl
           FROM ${T} WHERE key = $1 AND field = '' AND ${LIVE}`,
          [key],
        );
        return rows[0]?.ttl ?? -2;
      }
      case 'hget': {
        const { rows } = await c.query(`SELECT value FROM ${T} WHERE key = $1 AND field = $2 AND ${LIVE}`, [key, op.field ?? '']);
        return rows[0]?.value ?? null;
      }
      case 'hgetall': {
        const { rows } = await c.query(`SELECT field, value FROM ${T} WHERE key = $1 AND ${LIVE}`, [key]);
        return Object.fromEntries(rows.map((r) => [r.field, r.value]));
      }
      case 'hkeys':
      case 'smembers': {
        const { rows } = await c.query(`SELECT field FROM ${T} WHERE key = $1 AND ${LIVE}`, [key]);
        return rows.map((r) => r.field as string);
      }
      case 'zrangeWithScores': {
        const { rows } = await c.query(`SELECT field, score FROM ${T} WHERE key = $1 ORDER BY score, field COLLATE "C"`, [key]);
        return rows.map((r) => [r.field as string, Number(r.score)]);
      }
    }
  }

  private async writeOne(c: PoolClient, op: WriteOp): Promise<void> {
    const key = this.key(op.key);
    switch (op.kind) {
      case 'set':
      case 'hset':
      case 'sadd': {
        const rows: Array<[string, string]> =
          op.kind === 'set' ? [['', op.value]] : op.kind === 'hset' ? [[op.field, op.value]] : op.members.map((m) => [m, '']);
        for (const [field, value] of rows) {
          await c.query(
            `INSERT INTO ${T} (key, field, value) VALUES ($1, $2, $3)
             ON CONFLICT (key, field) DO UPDATE SET value = EXCLUDED.value, expires_at = NULL`,
            [key, field, value],
          );
        }
        return;
      }
      case 'hdel':
      case 'srem': {
        const fields = op.kind === 'hdel' ? op.fields : op.members;
        await c.query(`DELETE FROM ${T} WHERE key = $1 AND field = ANY($2::text[])`, [key, fields]);
        return;
      }
      case 'del':
        await c.query(`DELETE FROM ${T} WHERE key = $1`, [key]);
        return;
      case 'incr':
        // A lapsed counter starts again at 1 without an expiry, like a Redis key that expired.
        await c.query(
          `INSERT INTO ${T} AS t (key, field, value) VALUES ($1, '', '1')
           ON CONFLICT (key, field) DO UPDATE SET
             value = CASE WHEN t.expires_at IS NOT NULL AND t.expires_at <= clock_timestamp() THEN '1' ELSE (t.value::bigint + 1)::text END,
             expires_at = CASE WHEN t.expires_at IS NOT NULL AND t.expires_at <= clock_timestamp() THEN NULL ELSE t.expires_at END`,
          [key],
        );
        return;
      case 'expireNx':
        await c.query(
          `UPDATE ${T} SET expires_at = clock_timestamp() + make_interval(secs => $2) WHERE key = $1 AND field = '' AND ${LIVE} AND expires_at IS NULL`,
          [key, op.seconds],
        );
        return;
      case 'zadd':
        await c.query(
          `INSERT INTO ${T} (key, field, value, score) VALUES ($1, $2, '', $3)
           ON CONFLICT (key, field) DO UPDATE SET score = EXCLUDED.score`,
          [key, op.member, op.score],
        );
        return;
      case 'zremBelow':
        await c.query(`DELETE FROM ${T} WHERE key = $1 AND score <= $2`, [key, op.max]);
        return;
    }
  }

  private async query(sql: string, params: unknown[]) {
    return this.transaction('READ COMMITTED', (c) => c.query(sql, params));
  }

  private async transaction<R>(isolation: 'READ COMMITTED' | 'REPEATABLE READ', work: (c: PoolClient) => Promise<R>): Promise<R> {
    let c: PoolClient;
    try {
      await this.ensureSchema();
      c = await this.pool.connect();
    } catch (e) {
      this.watch.lost(e as Error);
      throw e;
    }
    try {
      await c.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(c);
      await c.query('COMMIT');
      if (!this.watch.isUp) this.watch.connected();
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if (isConnectionError(e)) this.watch.lost(e as Error);
      throw e;
    } finally {
      c.release();
    }
  }

  private ensureSchema(): Promise<void> {
    if (!this.schemaReady) {
      this.schemaReady = (async () => {
        const c = await this.pool.connect();
        try {
          await c.query('BEGIN');
          await c.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
            CREATE TABLE IF NOT EXISTS ${T} (
              key text NOT NULL, field text NOT NULL, value text NOT NULL DEFAULT '', score double precision,
              expires_at timestamptz, PRIMARY KEY (key, field));
            CREATE TABLE IF NOT EXISTS ${SCHEMA}.messages (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());`);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          c.release();
        }
      })();
      this.schemaReady.catch(() => {
        this.schemaReady = null;
      });
    }
    return this.schemaReady;
  }

  /** The one LISTEN connection; after every reconnect it listens again and tells listeners they may have missed messages. */
  private listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    if (!this.listening) {
      this.listening = this.connectListener().finally(() => {
        this.listening = null;
      });
    }
    return this.listening;
  }

  private async connectListener(): Promise<void> {
    const client = new Client({ connectionString: this.opts.url, application_name: 'restgw-state-listen' });
    client.on('notification', (n) => void this.deliver(n.channel, n.payload ?? ''));
    const lost = (e?: Error) => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      this.watch.lost(e ?? new Error('listen connection closed'));
      this.scheduleRelisten();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      for (const notifyChannel of this.channels.keys()) await client.query(`LISTEN "${notifyChannel}"`);
    } catch (e) {
      client.end().catch(() => undefined);
      throw e;
    }
    this.listener = client;
    const again = this.listenedBefore;
    this.listenedBefore = true;
    if (again) for (const list of this.listeners.values()) for (const l of list) l.resubscribed?.();
  }

  private scheduleRelisten(): void {
    if (this.closed) return;
    setTimeout(() => {
      this.listen().catch((e: Error) => {
        this.watch.lost(e);
        this.scheduleRelisten();
      });
    }, RECONNECT_MS).unref();
  }

  private async deliver(notifyChannel: string, payload: string): Promise<void> {
    const channel = this.channels.get(notifyChannel);
    if (!channel) return;
    let message = payload.slice(2);
    if (payload.startsWith('r:')) {
      const { rows } = await this.pool.query(`SELECT payload FROM ${SCHEMA}.messages WHERE id = $1`, [message]).catch(() => ({ rows: [] }));
      if (!rows[0]) return; // gone: the mirrors' periodic reload covers it
      message = rows[0].payload;
    }
    for (const l of this.listeners.get(channel) ?? []) l.message(message);
  }
}

/** Errors of the connection rather than of the statement: node socket errors, SQLSTATE classes 08 (connection) and 57 (shutdown). */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return true;
  return code.length !== 5 || code.startsWith('08') || code.startsWith('57');
}

function notifyChannelOf(channel: string): string {
  return `rs_${createHash('sha1').update(channel).digest('hex')}`;
}
