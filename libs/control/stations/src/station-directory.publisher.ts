import type { Redis } from 'ioredis';
import { StationEvent, stationEventsChannel, StationKeys, stationField, StationView } from '@restgw/contracts';

export interface StationPolicy {
  autoCreate: boolean;
  stationQuota: number;
}

/**
 * Writes the per-region station directory and account policies where gateways
 * read them (station-contract.ts), then announces each change.
 */
export class StationDirectoryPublisher {
  private readonly keyPrefix: string;

  /** `redis` must carry the deployment's keyPrefix. */
  constructor(private readonly redis: Redis) {
    this.keyPrefix = redis.options.keyPrefix ?? '';
  }

  async publishStation(regionId: string, view: StationView): Promise<void> {
    await this.redis.hset(StationKeys.directory(regionId), stationField(view.accountId, view.name), JSON.stringify(view));
    await this.announce(regionId, { kind: 'station', view });
  }

  async publishPolicy(regionId: string, accountId: number, policy: StationPolicy): Promise<void> {
    await this.redis.hset(StationKeys.policies(regionId), String(accountId), JSON.stringify(policy));
    await this.announce(regionId, { kind: 'policy', accountId, ...policy });
  }

  async removePolicy(regionId: string, accountId: number): Promise<void> {
    await this.redis.hdel(StationKeys.policies(regionId), String(accountId));
  }

  /**
   * Makes a region's keys equal the database's view: writes every entry,
   * drops fields nobody owns any more, announces every entry.
   */
  async replaceRegion(regionId: string, views: StationView[], policies: Map<number, StationPolicy>): Promise<void> {
    const dirKey = StationKeys.directory(regionId);
    const polKey = StationKeys.policies(regionId);
    const wantedFields = new Set(views.map((v) => stationField(v.accountId, v.name)));
    const [dirFields, polFields] = await Promise.all([this.redis.hkeys(dirKey), this.redis.hkeys(polKey)]);
    const staleDir = dirFields.filter((f) => !wantedFields.has(f));
    const stalePol = polFields.filter((f) => !policies.has(Number(f)));
    const tx = this.redis.multi();
    if (staleDir.length) tx.hdel(dirKey, ...staleDir);
    if (stalePol.length) tx.hdel(polKey, ...stalePol);
    for (const v of views) tx.hset(dirKey, stationField(v.accountId, v.name), JSON.stringify(v));
    for (const [accountId, p] of policies) tx.hset(polKey, String(accountId), JSON.stringify(p));
    await tx.exec();
    for (const [accountId, p] of policies) await this.announce(regionId, { kind: 'policy', accountId, ...p });
    for (const view of views) await this.announce(regionId, { kind: 'station', view });
  }

  private async announce(regionId: string, event: StationEvent): Promise<void> {
    await this.redis.publish(stationEventsChannel(this.keyPrefix, regionId), JSON.stringify(event));
  }
}
