import { DomainError, ErrorCode } from '@restgw/platform';
import { Read, StateStore, Write } from '@restgw/state';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Counts failed logins per account+username in the state store (shared by
 * every control plane replica); past the limit, logins answer 429 until the
 * window ends.
 */
export class LoginThrottle {
  constructor(
    private readonly store: StateStore,
    private readonly opts: LoginThrottleOptions,
  ) {}

  private key(accountId: number, username: string): string {
    return `lt:${accountId}:${username}`;
  }

  async assertAllowed(accountId: number, username: string): Promise<void> {
    const key = this.key(accountId, username);
    const { count, ttl } = await this.store.read({ count: Read.get(key), ttl: Read.ttl(key) });
    if (Number(count ?? 0) >= this.opts.maxFailures) {
      throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed logins; retry later', Math.max(1, ttl));
    }
  }

  async recordFailure(accountId: number, username: string): Promise<void> {
    const key = this.key(accountId, username);
    await this.store.write([Write.incr(key), Write.expireNx(key, this.opts.windowSeconds)]);
  }

  async reset(accountId: number, username: string): Promise<void> {
    await this.store.write([Write.del(this.key(accountId, username))]);
  }
}
