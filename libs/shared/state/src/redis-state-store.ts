import { Redis } from 'ioredis';
import { ConnectionWatch } from './connection-watch';
import { isEmptyWrite, ReadOp, ReadReplies, ReadSpec, StateListener, StateStore, WriteOp } from './state-store';

export interface RedisStateStoreOptions {
  url: string;
  keyPrefix: string;
  /** CLIENT SETNAME of the connections (the subscriber gets `-sub`). */
  connectionName?: string;
  /** Told when the store becomes unreachable and when it is back (once per outage, not per retry). */
  onStatus?: (message: string) => void;
}

// Compare-and-set scripts: a lease is only extended or freed by its holder.
const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return cur`;
const RENEW = `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
// Lapsing members: a sorted set scored by expiry on the Redis clock (the clients' clocks may differ).
const NOW_MS = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
const ANNOUNCE = `${NOW_MS}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 10)
return 1`;
const MEMBERS = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`;
const ENTER = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 10)
return 1`;

/**
 * The scripts as ioredis commands: sent by SHA (EVALSHA, the text only once
 * after a NOSCRIPT), not as text with every call, which made them a visible
 * part of the gateway's CPU on consume requests.
 */
const SCRIPTS = { rgwAcquire: ACQUIRE, rgwRenew: RENEW, rgwRelease: RELEASE, rgwAnnounce: ANNOUNCE, rgwMembers: MEMBERS, rgwEnter: ENTER };
type ScriptName = keyof typeof SCRIPTS;

/** The state store on Redis (cluster profile): one command connection, one subscriber connection opened on first subscribe. */
export class RedisStateStore implements StateStore {
  readonly keyPrefix: string;
  private readonly client: Redis;
  private subscriber?: Redis;
  private readonly listeners = new Map<string, StateListener[]>();
  private readonly watch: ConnectionWatch;
  private closed = false;

  constructor(private readonly opts: RedisStateStoreOptions) {
    this.keyPrefix = opts.keyPrefix;
    this.watch = new ConnectionWatch('state store (Redis)', opts.onStatus);
    this.client = new Redis(opts.url, { keyPrefix: opts.keyPrefix, maxRetriesPerRequest: 2, connectionName: opts.connectionName });
    for (const [name, lua] of Object.entries(SCRIPTS)) this.client.defineCommand(name, { numberOfKeys: 1, lua });
    this.client.on('error', (e: Error) => this.watch.lost(e));
    this.client.on('close', () => this.closed || this.watch.lost(new Error('connection closed')));
    // Every 'ready' after the first is a reconnect, even when the server came back before any error was seen.
    this.client.on('ready', () => this.watch.connected());
  }

  async read<T extends ReadSpec>(ops: T): Promise<ReadReplies<T>> {
    const entries = Object.entries(ops);
    const tx = this.client.multi();
    for (const [, op] of entries) queueRead(tx, op);
    const replies = await tx.exec();
    if (!replies) throw new Error('state store transaction aborted');
    const out: Record<string, unknown> = {};
    entries.forEach(([name, op], i) => {
      const [err, reply] = replies[i];
      if (err) throw err;
      out[name] = decodeRead(op, reply);
    });
    // The replies were decoded per op kind above, which is what ReadReplies<T> names.
    return out as ReadReplies<T>;
  }

  async write(ops: WriteOp[]): Promise<void> {
    const tx = this.client.multi();
    for (const op of ops) if (!isEmptyWrite(op)) queueWrite(tx, op);
    const replies = await tx.exec();
    if (!replies) throw new Error('state store transaction aborted');
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(channel, message);
  }

  async subscribe(channel: string, listener: StateListener): Promise<void> {
    const sub = this.subscriberConnection();
    const list = this.listeners.get(channel);
    if (list) {
      list.push(listener);
      return;
    }
    this.listeners.set(channel, [listener]);
    await sub.subscribe(channel);
  }

  async acquireLease(key: string, holder: string, ttlMs: number): Promise<string> {
    return String(await this.script('rgwAcquire', key, holder, ttlMs));
  }

  leaseHolder(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async renewLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return Number(await this.script('rgwRenew', key, holder, ttlMs)) === 1;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.script('rgwRelease', key, holder);
  }

  async announceMember(key: string, member: string, ttlMs: number): Promise<void> {
    await this.script('rgwAnnounce', key, member, ttlMs);
  }

  async withdrawMember(key: string, member: string): Promise<void> {
    await this.client.zrem(key, member);
  }

  async liveMembers(key: string): Promise<string[]> {
    const members = await this.script('rgwMembers', key);
    return Array.isArray(members) ? members.map(String) : [];
  }

  async enterMember(key: string, member: string, limit: number, ttlMs: number): Promise<boolean> {
    return Number(await this.script('rgwEnter', key, member, ttlMs, limit)) === 1;
  }

  private script(name: ScriptName, key: string, ...args: Array<string | number>): Promise<unknown> {
    const command = (this.client as unknown as Record<ScriptName, (key: string, ...args: Array<string | number>) => Promise<unknown>>)[name];
    return command.call(this.client, key, ...args);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  onReconnect(listener: () => void): void {
    this.watch.onReconnect(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriber?.disconnect();
    this.client.disconnect();
  }

  /**
   * Subscriptions are (re)made on every 'ready' rather than by ioredis's
   * autoResubscribe, which forgets a channel whose first SUBSCRIBE failed
   * (Redis down at boot); after a reconnect, listeners hear they may have
   * missed messages once the channels are subscribed again.
   */
  private subscriberConnection(): Redis {
    if (this.subscriber) return this.subscriber;
    const sub = new Redis(this.opts.url, {
      maxRetriesPerRequest: 2,
      autoResubscribe: false,
      connectionName: this.opts.connectionName && `${this.opts.connectionName}-sub`,
    });
    this.subscriber = sub;
    let connectedBefore = false;
    sub.on('error', (e: Error) => this.watch.lost(e));
    sub.on('ready', () => {
      const again = connectedBefore;
      connectedBefore = true;
      const channels = [...this.listeners.keys()];
      if (!channels.length) return;
      // SUBSCRIBE is idempotent: a channel subscribed while offline is simply confirmed.
      sub.subscribe(...channels).then(
        () => {
          if (again) for (const list of this.listeners.values()) for (const l of list) l.resubscribed?.();
        },
        (e: Error) => this.watch.lost(e),
      );
    });
    sub.on('message', (channel: string, payload: string) => {
      for (const l of this.listeners.get(channel) ?? []) l.message(payload);
    });
    return sub;
  }
}

type Multi = ReturnType<Redis['multi']>;

function queueRead(tx: Multi, op: ReadOp<unknown>): void {
  switch (op.kind) {
    case 'get':
      tx.get(op.key);
      break;
    case 'ttl':
      tx.ttl(op.key);
      break;
    case 'hget':
      tx.hget(op.key, op.field ?? '');
      break;
    case 'hgetall':
      tx.hgetall(op.key);
      break;
    case 'hkeys':
      tx.hkeys(op.key);
      break;
    case 'smembers':
      tx.smembers(op.key);
      break;
    case 'zrangeWithScores':
      tx.zrange(op.key, '0', '-1', 'WITHSCORES');
      break;
  }
}

function decodeRead(op: ReadOp<unknown>, reply: unknown): unknown {
  if (op.kind !== 'zrangeWithScores') return reply;
  const flat = Array.isArray(reply) ? reply.map(String) : [];
  const pairs: Array<[string, number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], Number(flat[i + 1])]);
  return pairs;
}

function queueWrite(tx: Multi, op: WriteOp): void {
  switch (op.kind) {
    case 'set':
      tx.set(op.key, op.value);
      break;
    case 'del':
      tx.del(op.key);
      break;
    case 'incr':
      tx.incr(op.key);
      break;
    case 'expireNx':
      tx.expire(op.key, op.seconds, 'NX');
      break;
    case 'hset':
      tx.hset(op.key, op.field, op.value);
      break;
    case 'hdel':
      tx.hdel(op.key, ...op.fields);
      break;
    case 'sadd':
      tx.sadd(op.key, ...op.members);
      break;
    case 'srem':
      tx.srem(op.key, ...op.members);
      break;
    case 'zadd':
      tx.zadd(op.key, op.score, op.member);
      break;
    case 'zremBelow':
      tx.zremrangebyscore(op.key, '-inf', op.max);
      break;
  }
}
