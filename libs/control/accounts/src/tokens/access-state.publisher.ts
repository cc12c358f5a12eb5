import { AccessEvent, accessEventsChannel, AccessKeys, ApiKeyView, RegionStatus } from '@restgw/contracts';
import { Read, StateStore, Write, WriteOp } from '@restgw/state';

/** The complete access state, as the database holds it. */
export interface AccessStateSnapshot {
  /** Every registered region, with the accounts enabled in it. */
  regionAccounts: Map<string, number[]>;
  /** Every registered region's status. */
  regionStatus: Map<string, RegionStatus>;
  userNotBefore: Map<number, number>;
  accountNotBefore: Map<number, number>;
  /** sid -> session expiry (epoch ms), for revoked sessions not expired yet. */
  revokedSessions: Map<string, number>;
  /** Customer API keys not revoked, by hash. */
  apiKeys: Map<string, ApiKeyView>;
  /** Revoked customer API keys: hash -> revocation time (epoch ms). */
  revokedApiKeys: Map<string, number>;
}

/**
 * Writes revocations and region enablement where gateways read them
 * (access-contract.ts), then announces the change so mirrors apply it at once.
 */
export class AccessStatePublisher {
  private readonly channel: string;

  constructor(private readonly store: StateStore) {
    this.channel = accessEventsChannel(store.keyPrefix);
  }

  async revokeUserTokens(userId: number, notBefore: number): Promise<void> {
    await this.store.write([Write.hset(AccessKeys.userNotBefore, String(userId), String(notBefore))]);
    await this.announce({ kind: 'user', userId, notBefore });
  }

  async revokeAccountTokens(accountId: number, notBefore: number): Promise<void> {
    await this.store.write([Write.hset(AccessKeys.accountNotBefore, String(accountId), String(notBefore))]);
    await this.announce({ kind: 'account', accountId, notBefore });
  }

  async revokeSession(sessionId: string, expiresAtMs: number): Promise<void> {
    await this.store.write([
      Write.zadd(AccessKeys.revokedSessions, expiresAtMs, sessionId),
      // Sessions past their expiry need no revocation entry: their tokens are dead anyway.
      Write.zremBelow(AccessKeys.revokedSessions, Date.now()),
    ]);
    await this.announce({ kind: 'session', sessionId, expiresAtMs });
  }

  async setRegionAccount(regionId: string, accountId: number, enabled: boolean): Promise<void> {
    const key = AccessKeys.regionAccounts(regionId);
    await this.store.write([enabled ? Write.sadd(key, String(accountId)) : Write.srem(key, String(accountId))]);
    await this.announce({ kind: 'region', regionId, accountId, enabled });
  }

  async setRegionStatus(regionId: string, status: RegionStatus): Promise<void> {
    await this.store.write([Write.set(AccessKeys.status(regionId), status)]);
    await this.announce({ kind: 'region-status', regionId, status });
  }

  async publishApiKey(hash: string, view: ApiKeyView): Promise<void> {
    await this.store.write([Write.hset(AccessKeys.apiKeys, hash, JSON.stringify(view))]);
    await this.announce({ kind: 'api-key', hash, view });
  }

  /** The tombstone first (add-only), so a republish that read the key before it was revoked cannot bring it back. */
  async revokeApiKey(hash: string, revokedAtMs: number): Promise<void> {
    await this.store.write([Write.hset(AccessKeys.revokedApiKeys, hash, String(revokedAtMs)), Write.hdel(AccessKeys.apiKeys, hash)]);
    await this.announce({ kind: 'api-key-revoked', hash });
  }

  /** The accounts each region's set holds now; read before the database, so publishAll only drops members the database had already dropped. */
  async regionMembers(regionIds: string[]): Promise<Map<string, string[]>> {
    const replies = await this.store.read(Object.fromEntries(regionIds.map((r) => [r, Read.smembers(AccessKeys.regionAccounts(r))])));
    return new Map(regionIds.map((r) => [r, replies[r] ?? []]));
  }

  /**
   * Writes the complete state and every region's `published` marker in one
   * transaction, then tells gateways to reload. Revocations are only ever
   * added (a concurrent revocation is never undone); `heldBefore` (see
   * regionMembers) names region members to drop when the database lacks them.
   */
  async publishAll(state: AccessStateSnapshot, heldBefore: Map<string, string[]>): Promise<void> {
    const at = new Date().toISOString();
    const ops: WriteOp[] = [];
    for (const [regionId, accounts] of state.regionAccounts) {
      const key = AccessKeys.regionAccounts(regionId);
      const wanted = new Set(accounts.map(String));
      ops.push(Write.srem(key, ...(heldBefore.get(regionId) ?? []).filter((a) => !wanted.has(a))));
      ops.push(Write.sadd(key, ...wanted));
    }
    for (const [regionId, status] of state.regionStatus) ops.push(Write.set(AccessKeys.status(regionId), status));
    for (const [userId, nb] of state.userNotBefore) ops.push(Write.hset(AccessKeys.userNotBefore, String(userId), String(nb)));
    for (const [accountId, nb] of state.accountNotBefore) ops.push(Write.hset(AccessKeys.accountNotBefore, String(accountId), String(nb)));
    for (const [sid, expiresAtMs] of state.revokedSessions) ops.push(Write.zadd(AccessKeys.revokedSessions, expiresAtMs, sid));
    ops.push(Write.zremBelow(AccessKeys.revokedSessions, Date.now()));
    // Keys: views are set (never removed here except revoked ones); tombstones only added. A key created
    // while this ran is kept (its own write), one revoked meanwhile stays refused by its tombstone.
    for (const [hash, view] of state.apiKeys) ops.push(Write.hset(AccessKeys.apiKeys, hash, JSON.stringify(view)));
    for (const [hash, at] of state.revokedApiKeys) ops.push(Write.hset(AccessKeys.revokedApiKeys, hash, String(at)));
    if (state.revokedApiKeys.size) ops.push(Write.hdel(AccessKeys.apiKeys, ...state.revokedApiKeys.keys()));
    for (const regionId of state.regionAccounts.keys()) ops.push(Write.set(AccessKeys.published(regionId), at));
    await this.store.write(ops);
    await this.announce({ kind: 'republished' });
  }

  /** Regions whose `published` marker is missing (the store restarted empty, or they were never published). */
  async unpublishedRegions(regionIds: string[]): Promise<string[]> {
    const replies = await this.store.read(Object.fromEntries(regionIds.map((r) => [r, Read.get(AccessKeys.published(r))])));
    return regionIds.filter((r) => !replies[r]);
  }

  private async announce(event: AccessEvent): Promise<void> {
    await this.store.publish(this.channel, JSON.stringify(event));
  }
}
