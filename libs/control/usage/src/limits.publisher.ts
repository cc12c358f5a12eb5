import { LimitKeys, limitEventsChannel, LimitsEvent, LimitsView } from '@restgw/contracts';
import { Read, StateStore, Write, WriteOp } from '@restgw/state';

/**
 * Writes account limits where a region's gateways read them
 * (limits-contract.ts), then announces each change, like the station
 * directory publisher.
 */
export class LimitsPublisher {
  constructor(private readonly store: StateStore) {}

  async publish(regionId: string, view: LimitsView): Promise<void> {
    await this.store.write([Write.hset(LimitKeys.views(regionId), String(view.accountId), JSON.stringify(view))]);
    await this.announce(regionId, { kind: 'limits', view });
  }

  /** The accounts the region's views hold now; read before the database, so replaceRegion only drops what the database had already dropped. */
  heldAccounts(regionId: string): Promise<string[]> {
    return this.store.read({ accounts: Read.hkeys(LimitKeys.views(regionId)) }).then((r) => r.accounts);
  }

  /**
   * Makes a region's views equal the database's in one transaction: writes
   * every view, drops the `heldBefore` accounts no longer there, sets the
   * region's `published` marker; then tells gateways to reload.
   */
  async replaceRegion(regionId: string, views: LimitsView[], heldBefore: string[]): Promise<void> {
    const key = LimitKeys.views(regionId);
    const wanted = new Set(views.map((v) => String(v.accountId)));
    const ops: WriteOp[] = [Write.hdel(key, ...heldBefore.filter((f) => !wanted.has(f)))];
    for (const v of views) ops.push(Write.hset(key, String(v.accountId), JSON.stringify(v)));
    ops.push(Write.set(LimitKeys.published(regionId), new Date().toISOString()));
    await this.store.write(ops);
    await this.announce(regionId, { kind: 'republished' });
  }

  /** Regions whose `published` marker is missing (the store restarted empty). */
  async unpublishedRegions(regionIds: string[]): Promise<string[]> {
    const replies = await this.store.read(Object.fromEntries(regionIds.map((r) => [r, Read.get(LimitKeys.published(r))])));
    return regionIds.filter((r) => !replies[r]);
  }

  private async announce(regionId: string, event: LimitsEvent): Promise<void> {
    await this.store.publish(limitEventsChannel(this.store.keyPrefix, regionId), JSON.stringify(event));
  }
}
