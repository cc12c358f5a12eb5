import { StationEvent, stationEventsChannel, StationKeys, stationField, StationView } from '@restgw/contracts';
import { Read, StateStore, Write, WriteOp } from '@restgw/state';

export interface StationPolicy {
  autoCreate: boolean;
  stationQuota: number;
}

/**
 * Writes the per-region station directory and account policies where gateways
 * read them (station-contract.ts), then announces each change.
 */
export class StationDirectoryPublisher {
  constructor(private readonly store: StateStore) {}

  async publishStation(regionId: string, view: StationView): Promise<void> {
    await this.store.write([Write.hset(StationKeys.directory(regionId), stationField(view.accountId, view.name), JSON.stringify(view))]);
    await this.announce(regionId, { kind: 'station', view });
  }

  async publishPolicy(regionId: string, accountId: number, policy: StationPolicy): Promise<void> {
    await this.store.write([Write.hset(StationKeys.policies(regionId), String(accountId), JSON.stringify(policy))]);
    await this.announce(regionId, { kind: 'policy', accountId, ...policy });
  }

  async removePolicy(regionId: string, accountId: number): Promise<void> {
    await this.store.write([Write.hdel(StationKeys.policies(regionId), String(accountId))]);
  }

  /** The fields the region's keys hold now; read before the database, so replaceRegion only drops what the database had already dropped. */
  async heldFields(regionId: string): Promise<{ stations: string[]; policies: string[] }> {
    return this.store.read({ stations: Read.hkeys(StationKeys.directory(regionId)), policies: Read.hkeys(StationKeys.policies(regionId)) });
  }

  /**
   * Makes a region's keys equal the database's view in one transaction:
   * writes every entry, drops the `heldBefore` fields nobody owns any more,
   * sets the region's `published` marker (the directory is complete); then
   * tells gateways to reload.
   */
  async replaceRegion(
    regionId: string,
    views: StationView[],
    policies: Map<number, StationPolicy>,
    heldBefore: { stations: string[]; policies: string[] },
  ): Promise<void> {
    const dirKey = StationKeys.directory(regionId);
    const polKey = StationKeys.policies(regionId);
    const wantedFields = new Set(views.map((v) => stationField(v.accountId, v.name)));
    const ops: WriteOp[] = [
      Write.hdel(dirKey, ...heldBefore.stations.filter((f) => !wantedFields.has(f))),
      Write.hdel(polKey, ...heldBefore.policies.filter((f) => !policies.has(Number(f)))),
    ];
    for (const v of views) ops.push(Write.hset(dirKey, stationField(v.accountId, v.name), JSON.stringify(v)));
    for (const [accountId, p] of policies) ops.push(Write.hset(polKey, String(accountId), JSON.stringify(p)));
    ops.push(Write.set(StationKeys.published(regionId), new Date().toISOString()));
    await this.store.write(ops);
    await this.announce(regionId, { kind: 'republished' });
  }

  /** Regions whose `published` marker is missing. */
  async unpublishedRegions(regionIds: string[]): Promise<string[]> {
    const replies = await this.store.read(Object.fromEntries(regionIds.map((r) => [r, Read.get(StationKeys.published(r))])));
    return regionIds.filter((r) => !replies[r]);
  }

  private async announce(regionId: string, event: StationEvent): Promise<void> {
    await this.store.publish(stationEventsChannel(this.store.keyPrefix, regionId), JSON.stringify(event));
  }
}
