import type { LeaseStore } from './lease-store';

/** The few ioredis calls used here (structural, so libs/log does not depend on ioredis). */
export interface LeaseRedis {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  get(key: string): Promise<string | null>;
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
// Live replicas: a sorted set scored by expiry on the Redis clock (replicas' clocks may differ).
const NOW_MS = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
const ANNOUNCE = `${NOW_MS}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 10)
return 1`;
const MEMBERS = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

/**
 * Leases in the region's Redis, shared by all its gateway replicas. Keys are
 * relative to the client's keyPrefix (the deployment's REDIS_KEY_PREFIX).
 */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: LeaseRedis,
    private readonly namespace = 'consume:',
  ) {}

  async acquire(key: string, holder: string, ttlMs: number): Promise<string> {
    return String(await this.redis.eval(ACQUIRE, 1, this.leaseKey(key), holder, ttlMs));
  }

  holder(key: string): Promise<string | null> {
    return this.redis.get(this.leaseKey(key));
  }

  async renew(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.leaseKey(key), holder, ttlMs)) === 1;
  }

  async release(key: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.leaseKey(key), holder);
  }

  async announce(member: string, ttlMs: number): Promise<void> {
    await this.redis.eval(ANNOUNCE, 1, this.membersKey(), member, ttlMs);
  }

  async withdraw(member: string): Promise<void> {
    await this.redis.eval(`return redis.call('ZREM', KEYS[1], ARGV[1])`, 1, this.membersKey(), member);
  }

  async members(): Promise<string[]> {
    return (await this.redis.eval(MEMBERS, 1, this.membersKey())) as string[];
  }

  /** The Redis key of a group's lease (tests read it to find the owner). */
  leaseKey(key: string): string {
    return `${this.namespace}owner:${key}`;
  }

  private membersKey(): string {
    return `${this.namespace}replicas`;
  }
}
