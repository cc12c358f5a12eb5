import { Logger } from '@nestjs/common';
import { LimitKeys, limitEventsChannel, LimitsView } from '@restgw/contracts';
import { Mirror, Read, StateStore, stateStoreSource } from '@restgw/state';
import { parseLimitsEvent, viewsFromHash } from './limits-view';

export interface LimitsMirrorOptions {
  store: StateStore;
  regionId: string;
  /** Full reload period; covers events missed during a disconnect. */
  resyncIntervalMs?: number;
}

type Views = Map<number, LimitsView>;

/**
 * The region's account limits in memory (limits-contract.ts), as a Mirror
 * like the station directory: read at boot, every event applied at once,
 * reloaded periodically. Lookups never touch the store. Last known good: a
 * snapshot without the region's `published` marker (store restarted empty)
 * or an unreachable store leaves the held limits in force.
 */
export class LimitsMirror {
  private readonly logger = new Logger('LimitsMirror');
  private readonly mirror: Mirror<Views, Views, LimitsView>;

  constructor(opts: LimitsMirrorOptions) {
    const { store, regionId } = opts;
    this.mirror = new Mirror({
      name: 'limits',
      logger: this.logger,
      reloadIntervalMs: opts.resyncIntervalMs ?? 5_000,
      source: stateStoreSource<Views, LimitsView>({
        store,
        channel: limitEventsChannel(store.keyPrefix, regionId),
        load: async (s) => {
          const r = await s.read({ published: Read.get(LimitKeys.published(regionId)), hash: Read.hgetall(LimitKeys.views(regionId)) });
          if (!r.published) return null;
          const { views, malformed } = viewsFromHash(r.hash);
          if (malformed) this.logger.warn(`ignored ${malformed} malformed limits entries`);
          return views;
        },
        parse: (payload) => {
          const event = parseLimitsEvent(payload);
          return event?.kind === 'republished' ? 'reload' : (event?.view ?? null);
        },
        onIgnored: () => this.logger.warn('ignored a malformed limits event'),
      }),
      // A held view newer than the snapshot's stays (its event raced the read).
      adopt: (snapshot, held) => {
        for (const [id, view] of held ?? []) if (view.version > (snapshot.get(id)?.version ?? Infinity)) snapshot.set(id, view);
        return snapshot;
      },
      apply: (views, view) => {
        if ((views.get(view.accountId)?.version ?? -1) < view.version) views.set(view.accountId, view);
      },
    });
  }

  start(): void {
    this.mirror.start();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** Readiness: complete limits were loaded at least once. */
  isLoaded(): boolean {
    return this.mirror.isLoaded();
  }

  lookup(accountId: number): LimitsView | undefined {
    return this.mirror.state?.get(accountId);
  }

  /** Reloads now; true when complete limits were read. */
  resync(): Promise<boolean> {
    return this.mirror.reload().then((outcome) => outcome === 'loaded');
  }
}
