import { Logger } from '@nestjs/common';
import { StationEvent, stationEventsChannel, StationKeys, StationView } from '@restgw/contracts';
import { Mirror, Read, StateStore, stateStoreSource } from '@restgw/state';
import { parseStationEvent, StationDirectory, viewsFromHash } from './station-directory';

export interface StationDirectoryMirrorOptions {
  store: StateStore;
  regionId: string;
  /** Full reload period; covers events missed during a disconnect. */
  resyncIntervalMs?: number;
}

/** What changed: one station of an account, or (station null) the account's policy. */
export type StationChangeListener = (accountId: number, station: string | null) => void;

type Snapshot = Map<string, StationView>;
type Change = Exclude<StationEvent, { kind: 'republished' }>;

/**
 * This region's station directory in memory (station-contract.ts), as a
 * Mirror: read at boot, every StationEvent applied at once, reloaded
 * periodically. Lookups never touch the store. Last known good: a snapshot
 * without the region's `published` marker (store restarted empty) or an
 * unreachable store leaves the held directory in place.
 */
export class StationDirectoryMirror {
  private readonly logger = new Logger('StationDirectoryMirror');
  private readonly directory = new StationDirectory();
  private readonly listeners: StationChangeListener[] = [];
  private readonly mirror: Mirror<StationDirectory, Snapshot, Change>;

  constructor(opts: StationDirectoryMirrorOptions) {
    const { store, regionId } = opts;
    const resyncIntervalMs = opts.resyncIntervalMs ?? 5_000;
    this.mirror = new Mirror({
      name: 'station directory',
      logger: this.logger,
      reloadIntervalMs: resyncIntervalMs,
      source: stateStoreSource<Snapshot, Change>({
        store,
        channel: stationEventsChannel(store.keyPrefix, regionId),
        load: async (s) => {
          const r = await s.read({ published: Read.get(StationKeys.published(regionId)), hash: Read.hgetall(StationKeys.directory(regionId)) });
          if (!r.published) return null;
          const { views, malformed } = viewsFromHash(r.hash);
          if (malformed) this.logger.warn(`ignored ${malformed} malformed station directory entries`);
          return views;
        },
        parse: (payload) => {
          const event = parseStationEvent(payload);
          return event?.kind === 'republished' ? 'reload' : event;
        },
        onIgnored: () => this.logger.warn('ignored a malformed station event'),
      }),
      // One directory, merged: a held view newer than the snapshot's stays (StationDirectory.replace).
      adopt: (views) => {
        const changed = this.directory.replace(views, Date.now(), Math.max(2 * resyncIntervalMs, 10_000));
        for (const view of changed) this.notify(view.accountId, view.name);
        return this.directory;
      },
      apply: (directory, event) => {
        if (event.kind === 'station') {
          if (directory.apply(event.view, Date.now())) this.notify(event.view.accountId, event.view.name);
        } else this.notify(event.accountId, null);
      },
    });
  }

  start(): void {
    this.mirror.start();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** Readiness: a complete directory was loaded at least once. */
  isLoaded(): boolean {
    return this.mirror.isLoaded();
  }

  lookup(accountId: number, station: string): StationView | undefined {
    return this.directory.get(accountId, station);
  }

  /** A view learnt elsewhere (the control plane's implicit-creation answer); kept unless an equal or newer one is held. */
  remember(view: StationView): void {
    if (this.directory.apply(view, Date.now())) this.notify(view.accountId, view.name);
  }

  onChange(listener: StationChangeListener): void {
    this.listeners.push(listener);
  }

  /** Reloads now; true when a complete directory was read. */
  resync(): Promise<boolean> {
    return this.mirror.reload().then((outcome) => outcome === 'loaded');
  }

  private notify(accountId: number, station: string | null): void {
    for (const l of this.listeners) l(accountId, station);
  }
}
