/**
 * The deployment's shared state (revocations, region enablement, station
 * directory, login throttle, consumer-group leases) as restgw uses it, and
 * nothing more: hashes, sets, sorted sets, counters with a time to live,
 * leases, pub/sub. Two implementations: RedisStateStore (cluster profile) and
 * PgStateStore (local profile, one PostgreSQL table); createStateStore picks
 * one from config. A test runs the same operations on both and compares.
 *
 * Keys are relative to the store's keyPrefix (the deployment's
 * REDIS_KEY_PREFIX); pub/sub channels are not prefixed (callers build them
 * from keyPrefix, see @restgw/contracts).
 */
export interface StateStore {
  readonly keyPrefix: string;

  /** Reads several keys in one atomic step (MULTI / one transaction); replies by the names given. */
  read<T extends ReadSpec>(ops: T): Promise<ReadReplies<T>>;
  /** Applies several changes in one atomic step. */
  write(ops: WriteOp[]): Promise<void>;

  /** Delivered to every current subscriber of the channel (at most once; a subscriber that was away misses it). */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Listens on a channel over the store's one subscriber connection. Resolves
   * once subscribed (rejects when the store is unreachable; the subscription
   * still holds and is made when the connection comes up). After a lost
   * connection came back, `resubscribed` tells the listener it may have
   * missed messages.
   */
  subscribe(channel: string, listener: StateListener): Promise<void>;

  /** Takes the lease when free or extends it when already the holder's; answers the holder after the attempt. */
  acquireLease(key: string, holder: string, ttlMs: number): Promise<string>;
  /** The lease's holder, null when free or lapsed. */
  leaseHolder(key: string): Promise<string | null>;
  /**
   * Extends the lease, or takes it again when it is free (it lapsed while the
   * store was unreachable, or the store restarted empty: its holder still
   * serves); false when another holder has it.
   */
  renewLease(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if it is the holder's. */
  releaseLease(key: string, holder: string): Promise<void>;
  /** Adds (or refreshes) a member of a set whose members lapse after ttlMs, on the store's clock. */
  announceMember(key: string, member: string, ttlMs: number): Promise<void>;
  withdrawMember(key: string, member: string): Promise<void>;
  /** The members that have not lapsed. */
  liveMembers(key: string): Promise<string[]>;
  /**
   * Adds (or refreshes) a lapsing member unless `limit` other live members are
   * there already, in one atomic step (lapsed members pruned first); true
   * when the member is in. One round trip: the concurrency limits take a slot
   * with it on every consume request.
   */
  enterMember(key: string, member: string, limit: number, ttlMs: number): Promise<boolean>;

  /** Rejects when the store does not answer. */
  ping(): Promise<void>;
  /** Called each time the store's connection came back after it was lost (not at the first connect). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export interface StateListener {
  message(payload: string): void;
  resubscribed?(): void;
}

/** One read of a batch; T is its reply. */
export type ReadOp<T> = { readonly kind: ReadKind; readonly key: string; readonly field?: string; readonly reply?: T };
export type ReadKind = 'get' | 'ttl' | 'hget' | 'hgetall' | 'hkeys' | 'smembers' | 'zrangeWithScores';
export type ReadSpec = Record<string, ReadOp<unknown>>;
export type ReadReplies<T extends ReadSpec> = { [K in keyof T]: T[K] extends ReadOp<infer V> ? V : never };

export const Read = {
  /** A string value (a counter, a marker); null when absent. */
  get: (key: string): ReadOp<string | null> => ({ kind: 'get', key }),
  /** Seconds left: -1 without expiry, -2 when absent (Redis's TTL). */
  ttl: (key: string): ReadOp<number> => ({ kind: 'ttl', key }),
  hget: (key: string, field: string): ReadOp<string | null> => ({ kind: 'hget', key, field }),
  hgetall: (key: string): ReadOp<Record<string, string>> => ({ kind: 'hgetall', key }),
  hkeys: (key: string): ReadOp<string[]> => ({ kind: 'hkeys', key }),
  smembers: (key: string): ReadOp<string[]> => ({ kind: 'smembers', key }),
  /** The whole sorted set, lowest score first. */
  zrangeWithScores: (key: string): ReadOp<Array<[member: string, score: number]>> => ({ kind: 'zrangeWithScores', key }),
} as const;

export type WriteOp =
  | { kind: 'set'; key: string; value: string }
  | { kind: 'del'; key: string }
  | { kind: 'incr'; key: string }
  /** Sets the key's time to live only when it has none (EXPIRE NX). */
  | { kind: 'expireNx'; key: string; seconds: number }
  | { kind: 'hset'; key: string; field: string; value: string }
  | { kind: 'hdel'; key: string; fields: string[] }
  | { kind: 'sadd'; key: string; members: string[] }
  | { kind: 'srem'; key: string; members: string[] }
  | { kind: 'zadd'; key: string; score: number; member: string }
  /** Removes the members scored at most `max`. */
  | { kind: 'zremBelow'; key: string; max: number };

export const Write = {
  set: (key: string, value: string): WriteOp => ({ kind: 'set', key, value }),
  del: (key: string): WriteOp => ({ kind: 'del', key }),
  incr: (key: string): WriteOp => ({ kind: 'incr', key }),
  expireNx: (key: string, seconds: number): WriteOp => ({ kind: 'expireNx', key, seconds }),
  hset: (key: string, field: string, value: string): WriteOp => ({ kind: 'hset', key, field, value }),
  hdel: (key: string, ...fields: string[]): WriteOp => ({ kind: 'hdel', key, fields }),
  sadd: (key: string, ...members: string[]): WriteOp => ({ kind: 'sadd', key, members }),
  srem: (key: string, ...members: string[]): WriteOp => ({ kind: 'srem', key, members }),
  zadd: (key: string, score: number, member: string): WriteOp => ({ kind: 'zadd', key, score, member }),
  zremBelow: (key: string, max: number): WriteOp => ({ kind: 'zremBelow', key, max }),
} as const;

/** Redis refuses HDEL/SADD/SREM without members; a batch may carry empty ones. */
export const isEmptyWrite = (op: WriteOp): boolean =>
  (op.kind === 'hdel' && op.fields.length === 0) || ((op.kind === 'sadd' || op.kind === 'srem') && op.members.length === 0);
