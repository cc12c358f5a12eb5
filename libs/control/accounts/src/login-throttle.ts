import type { Redis } from 'ioredis';
import { DomainError, ErrorCode } from '@restgw/platform';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Counts failed logins per account+username in Redis (shared by every control
 * plane replica); past the limit, logins answer 429 until the window ends.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly opts: LoginThrottleOptions,
  ) {}

  private key(accountId: number, username: string): string {
    return `lt:${accountId}:${username}`;
  }

  async assertAllowed(accountId: number, username: string): Promise<void> {
    const key = this.key(accountId, username);
    const [[, count], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [[null, string | null], [null, number]];
    if (Number(count ?? 0) >= this.opts.maxFailures) {
      throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed logins; retry later', Math.max(1, ttl));
    }
  }

  async recordFailure(accountId: number, username: string): Promise<void> {
    const key = this.key(accountId, username);
    await this.redis.multi().incr(key).expire(key, this.opts.windowSeconds, 'NX').exec();
  }

  async reset(accountId: number, username: string): Promise<void> {
    await this.redis.del(this.key(accountId, username));
  }
}
