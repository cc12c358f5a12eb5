import type { Redis } from 'ioredis';
import { AccessEvent, accessEventsChannel, AccessKeys } from '@restgw/contracts';

/**
 * Writes revocations and region enablement where gateways read them
 * (access-contract.ts), then announces the change so mirrors apply it at once.
 */
export class AccessStatePublisher {
  private readonly channel: string;

  /** `redis` must carry the deployment's keyPrefix. */
  constructor(private readonly redis: Redis) {
    this.channel = accessEventsChannel(redis.options.keyPrefix ?? '');
  }

  async revokeUserTokens(userId: number, notBefore: number): Promise<void> {
    await this.redis.hset(AccessKeys.userNotBefore, String(userId), String(notBefore));
    await this.announce({ kind: 'user', userId, notBefore });
  }

  async revokeAccountTokens(accountId: number, notBefore: number): Promise<void> {
    await this.redis.hset(AccessKeys.accountNotBefore, String(accountId), String(notBefore));
    await this.announce({ kind: 'account', accountId, notBefore });
  }

  async revokeSession(sessionId: string, expiresAtMs: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(AccessKeys.revokedSessions, expiresAtMs, sessionId)
      // Sessions past their expiry need no revocation entry: their tokens are dead anyway.
      .zremrangebyscore(AccessKeys.revokedSessions, '-inf', Date.now())
      .exec();
    await this.announce({ kind: 'session', sessionId, expiresAtMs });
  }

  async setRegionAccount(regionId: string, accountId: number, enabled: boolean): Promise<void> {
    const key = AccessKeys.regionAccounts(regionId);
    if (enabled) await this.redis.sadd(key, String(accountId));
    else await this.redis.srem(key, String(accountId));
    await this.announce({ kind: 'region', regionId, accountId, enabled });
  }

  private async announce(event: AccessEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(event));
  }
}
