import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolClient } from 'pg';

/**
 * The part of the Redis command set restgw uses (revocation and station
 * directory hashes, sets and sorted sets, the login throttle's counters,
 * pub/sub), kept in PostgreSQL for the local profile, so a laptop needs no
 * Redis server. It answers like ioredis for those commands, so the classes
 * written against ioredis run unchanged on it. Not a Redis: only what restgw
 * calls is here, and every value lives in one table.
 *
 * Layout: restgw_state.entries (key, field) -> value, score, expires_at; a
 * plain string value is field ''. Keys get the keyPrefix like ioredis's.
 * PUBLISH is pg_notify on a channel derived from the Redis channel name (a
 * NOTIFY channel is limited to 63 bytes and payloads to 8000): small payloads
 * travel inline, larger ones through restgw_state.messages.
 */
const SCHEMA = 'restgw_state';
const DDL_LOCK = 7_351_105;
const INLINE_PAYLOAD_MAX = 7_000;
const RECONNECT_MS = 1_000;

type Reply = string | number | null | string[] | Record<string, string>;
type Command = [name: string, args: unknown[]];

export interface PgRedisOptions {
  keyPrefix?: string;
}

export class PgRedis extends EventEmitter {
  readonly options: { keyPrefix: string };
  private readonly pool: Pool;
  private ready: Promise<void> | null = null;
  private listener: Client | null = null;
  private readonly channels = new Map<string, string>(); // NOTIFY channel -> Redis channel
  private closed = false;

  constructor(
    private readonly connectionString: string,
    opts: PgRedisOptions = {},
  ) {
    super();
    this.options = { keyPrefix: opts.keyPrefix ?? '' };
    this.pool = new Pool({ connectionString, max: 4, application_name: 'restgw-state' });
    this.pool.on('error', () => undefined);
  }

  /** Another client on the same database (ioredis's duplicate(), used for subscribers). */
  duplicate(): PgRedis {
    return new PgRedis(this.connectionString, this.options);
  }

  async ping(): Promise<string> {
    await this.pool.query('SELECT 1');
    return 'PONG';
  }

  hset(key: string, field: string, value: string): Promise<number> {
    return this.run([['hset', [key, field, value]]]).then(([r]) => r as number);
  }
  hget(key: string, field: string): Promise<string | null> {
    return this.run([['hget', [key, field]]]).then(([r]) => r as string | null);
  }
  hgetall(key: string): Promise<Record<string, string>> {
    return this.run([['hgetall', [key]]]).then(([r]) => r as Record<string, string>);
  }
  hkeys(key: string): Promise<string[]> {
    return this.run([['hkeys', [key]]]).then(([r]) => r as string[]);
  }
  hdel(key: string, ...fields: string[]): Promise<number> {
    return this.run([['hdel', [key, ...fields]]]).then(([r]) => r as number);
  }
  sadd(key: string, member: string): Promise<number> {
    return this.run([['sadd', [key, member]]]).then(([r]) => r as number);
  }
  srem(key: string, member: string): Promise<number> {
    return this.run([['srem', [key, member]]]).then(([r]) => r as number);
  }
  smembers(key: string): Promise<string[]> {
    return this.run([['smembers', [key]]]).then(([r]) => r as string[]);
  }
  get(key: string): Promise<string | null> {
    return this.run([['get', [key]]]).then(([r]) => r as string | null);
  }
  ttl(key: string): Promise<number> {
    return this.run([['ttl', [key]]]).then(([r]) => r as number);
  }
  incr(key: string): Promise<number> {
    return this.run([['incr', [key]]]).then(([r]) => r as number);
  }
  del(key: string): Promise<number> {
    return this.run([['del', [key]]]).then(([r]) => r as number);
  }
  publish(channel: string, message: string): Promise<number> {
    return this.run([['publish', [channel, message]]]).then(([r]) => r as number);
  }

  /** Commands queued and run in one transaction; exec() answers [[null, reply], ...] like ioredis. */
  multi(): PgMulti {
    return new PgMulti((commands) => this.run(commands).then((replies) => replies.map((r) => [null, r] as [null, Reply])));
  }

  async subscribe(channel: string): Promise<void> {
    const notifyChannel = notifyChannelOf(channel);
    this.channels.set(notifyChannel, channel);
    await this.listen();
    await this.listener?.query(`LISTEN "${notifyChannel}"`);
  }

  disconnect(): void {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    void listener?.end().catch(() => undefined);
    void this.pool.end().catch(() => undefined);
  }

  private async run(commands: Command[]): Promise<Reply[]> {
    await this.ensureSchema();
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const replies: Reply[] = [];
      for (const [name, args] of commands) replies.push(await this.apply(c, name, args));
      await c.query('COMMIT');
      return replies;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async apply(c: PoolClient, name: string, args: unknown[]): Promise<Reply> {
    const t = `${SCHEMA}.entries`;
    const key = this.options.keyPrefix + String(args[0]);
    const live = '(expires_at IS NULL OR expires_at > now())';
    switch (name) {
      case 'hset':
      case 'sadd': {
        const [field, value] = name === 'hset' ? [String(args[1]), String(args[2])] : [String(args[1]), ''];
        const { rows } = await c.query(
          `INSERT INTO ${t} (key, field, value) VALUES ($1, $2, $3)
           ON CONFLICT (key, field) DO UPDATE SET value = EXCLUDED.value, expires_at = NULL RETURNING (xmax = 0) AS inserted`,
          [key, field, value],
        );
        return rows[0].inserted ? 1 : 0;
      }
      case 'hget': {
        const { rows } = await c.query(`SELECT value FROM ${t} WHERE key = $1 AND field = $2 AND ${live}`, [key, String(args[1])]);
        return rows[0]?.value ?? null;
      }
      case 'hgetall': {
        const { rows } = await c.query(`SELECT field, value FROM ${t} WHERE key = $1 AND ${live}`, [key]);
        return Object.fromEntries(rows.map((r) => [r.field, r.value]));
      }
      case 'hkeys':
      case 'smembers': {
        const { rows } = await c.query(`SELECT field FROM ${t} WHERE key = $1 AND ${live}`, [key]);
        return rows.map((r) => r.field as string);
      }
      case 'hdel':
      case 'srem': {
        const { rowCount } = await c.query(`DELETE FROM ${t} WHERE key = $1 AND field = ANY($2::text[])`, [key, args.slice(1).map(String)]);
        return rowCount ?? 0;
      }
      case 'zadd': {
        const { rows } = await c.query(
          `INSERT INTO ${t} (key, field, value, score) VALUES ($1, $2, '', $3)
           ON CONFLICT (key, field) DO UPDATE SET score = EXCLUDED.score RETURNING (xmax = 0) AS inserted`,
          [key, String(args[2]), Number(args[1])],
        );
        return rows[0].inserted ? 1 : 0;
      }
      case 'zremrangebyscore': {
        const { rowCount } = await c.query(`DELETE FROM ${t} WHERE key = $1 AND score >= $2 AND score <= $3`, [key, score(args[1]), score(args[2])]);
        return rowCount ?? 0;
      }
      case 'zrange': {
        // Only the whole set, WITHSCORES (all restgw asks for): member, score, member, score, ...
        const { rows } = await c.query(`SELECT field, score FROM ${t} WHERE key = $1 ORDER BY score, field`, [key]);
        return rows.flatMap((r) => [r.field as string, String(r.score)]);
      }
      case 'get': {
        const { rows } = await c.query(`SELECT value FROM ${t} WHERE key = $1 AND field = '' AND ${live}`, [key]);
        return rows[0]?.value ?? null;
      }
      case 'ttl': {
        const { rows } = await c.query(
          `SELECT CASE WHEN expires_at IS NULL THEN -1 ELSE GREATEST(0, ceil(extract(epoch FROM expires_at - now())))::int END AS ttl
           FROM ${t} WHERE key = $1 AND field = '' AND ${live}`,
          [key],
        );
        return rows[0]?.ttl ?? -2;
      }
      case 'incr': {
        const { rows } = await c.query(
          `INSERT INTO ${t} (key, field, value) VALUES ($1, '', '1')
           ON CONFLICT (key, field) DO UPDATE SET
             value = CASE WHEN ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= now() THEN '1' ELSE (${t}.value::bigint + 1)::text END,
             expires_at = CASE WHEN ${t}.expires_at IS NOT NULL AND ${t}.expires_at <= now() THEN NULL ELSE ${t}.expires_at END
           RETURNING value`,
          [key],
        );
        return Number(rows[0].value);
      }
      case 'expire': {
        // EXPIRE key seconds [NX]: NX sets it only when the key has none.
        const nx = String(args[2] ?? '').toUpperCase() === 'NX';
        const { rowCount } = await c.query(
          `UPDATE ${t} SET expires_at = now() + make_interval(secs => $2) WHERE key = $1 AND field = '' AND ${live}${nx ? ' AND expires_at IS NULL' : ''}`,
          [key, Number(args[1])],
        );
        return rowCount ?? 0;
      }
      case 'del': {
        const { rowCount } = await c.query(`DELETE FROM ${t} WHERE key = $1`, [key]);
        return rowCount ? 1 : 0;
      }
      case 'publish': {
        // ioredis does not prefix channels; neither do we.
        const channel = String(args[0]);
        const message = String(args[1]);
        let payload = `m:${message}`;
        if (Buffer.byteLength(message) > INLINE_PAYLOAD_MAX) {
          const { rows } = await c.query(`INSERT INTO ${SCHEMA}.messages (payload) VALUES ($1) RETURNING id`, [message]);
          payload = `r:${rows[0].id}`;
          await c.query(`DELETE FROM ${SCHEMA}.messages WHERE created_at < now() - interval '10 minutes'`);
        }
        await c.query('SELECT pg_notify($1, $2)', [notifyChannelOf(channel), payload]);
        return 0;
      }
      default:
        throw new Error(`PgRedis: ${name} is not supported`);
    }
  }

  private ensureSchema(): Promise<void> {
    if (!this.ready) {
      this.ready = (async () => {
        const c = await this.pool.connect();
        try {
          await c.query('BEGIN');
          await c.query('SELECT pg_advisory_xact_lock($1)', [DDL_LOCK]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
            CREATE TABLE IF NOT EXISTS ${SCHEMA}.entries (
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
      this.ready.catch(() => {
        this.ready = null;
      });
    }
    return this.ready;
  }

  /** The subscriber connection: 'ready' after every (re)connect, like ioredis, so mirrors reload what they missed. */
  private async listen(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new Client({ connectionString: this.connectionString, application_name: 'restgw-state-listen' });
    client.on('notification', (n) => void this.deliver(n.channel, n.payload ?? ''));
    const lost = (e?: Error) => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      if (e) this.emit('error', e);
      setTimeout(() => void this.resubscribe(), RECONNECT_MS).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    this.listener = client;
    for (const notifyChannel of this.channels.keys()) await client.query(`LISTEN "${notifyChannel}"`);
    this.emit('ready');
  }

  private async resubscribe(): Promise<void> {
    try {
      await this.listen();
    } catch (e) {
      this.emit('error', e);
      if (!this.closed) setTimeout(() => void this.resubscribe(), RECONNECT_MS).unref();
    }
  }

  private async deliver(notifyChannel: string, payload: string): Promise<void> {
    const channel = this.channels.get(notifyChannel);
    if (!channel) return;
    let message = payload.slice(2);
    if (payload.startsWith('r:')) {
      const { rows } = await this.pool.query(`SELECT payload FROM ${SCHEMA}.messages WHERE id = $1`, [message]).catch(() => ({ rows: [] }));
      if (!rows[0]) return; // gone: the periodic reload covers it
      message = rows[0].payload;
    }
    this.emit('message', channel, message);
  }
}

/** Queued commands of a MULTI, in ioredis's chaining style. */
export class PgMulti {
  private readonly commands: Command[] = [];

  constructor(private readonly runner: (commands: Command[]) => Promise<Array<[null, Reply]>>) {}

  private add(name: string, args: unknown[]): this {
    this.commands.push([name, args]);
    return this;
  }
  hset(key: string, field: string, value: string) {
    return this.add('hset', [key, field, value]);
  }
  hgetall(key: string) {
    return this.add('hgetall', [key]);
  }
  hdel(key: string, ...fields: string[]) {
    return this.add('hdel', [key, ...fields]);
  }
  smembers(key: string) {
    return this.add('smembers', [key]);
  }
  zadd(key: string, score: number, member: string) {
    return this.add('zadd', [key, score, member]);
  }
  zremrangebyscore(key: string, min: string | number, max: string | number) {
    return this.add('zremrangebyscore', [key, min, max]);
  }
  zrange(key: string, start: string, stop: string, withScores: 'WITHSCORES') {
    return this.add('zrange', [key, start, stop, withScores]);
  }
  get(key: string) {
    return this.add('get', [key]);
  }
  ttl(key: string) {
    return this.add('ttl', [key]);
  }
  incr(key: string) {
    return this.add('incr', [key]);
  }
  expire(key: string, seconds: number, mode?: 'NX') {
    return this.add('expire', [key, seconds, mode]);
  }
  exec(): Promise<Array<[null, Reply]>> {
    return this.runner(this.commands);
  }
}

/** Redis score bounds: numbers, '-inf', '+inf'. */
function score(v: unknown): number {
  const s = String(v);
  if (s === '-inf') return -Number.MAX_VALUE;
  if (s === '+inf' || s === 'inf') return Number.MAX_VALUE;
  return Number(s);
}

function notifyChannelOf(channel: string): string {
  return `rs_${createHash('sha1').update(channel).digest('hex')}`;
}
