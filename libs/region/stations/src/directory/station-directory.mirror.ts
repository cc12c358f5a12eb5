import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { stationEventsChannel, StationKeys, StationView } from '@restgw/contracts';
import { parseStationEvent, StationDirectory, viewsFromHash } from './station-directory';

export interface StationDirectoryMirrorOptions {
  /** Command connection carrying the deployment's keyPrefix; the mirror subscribes on a duplicate(). */
  redis: Redis;
  regionId: string;
  /** Full reload period; covers pub/sub messages missed during a disconnect. */
  resyncIntervalMs?: number;
}

/** What changed: one station of an account, or (station null) the account's policy. */
export type StationChangeListener = (accountId: number, station: string | null) => void;

/**
 * This region's station directory in memory (station-contract.ts): HGETALL at
 * boot, every StationEvent applied at once, a full reload every few seconds.
 * Lookups never touch Redis; while Redis is unreachable the last known
 * directory keeps serving.
 */
export class StationDirectoryMirror {
  private readonly logger = new Logger('StationDirectoryMirror');
  private readonly directory = new StationDirectory();
  private readonly listeners: StationChangeListener[] = [];
  private loaded = false;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private resyncing: Promise<boolean> | null = null;
  private readonly resyncIntervalMs: number;

  constructor(private readonly opts: StationDirectoryMirrorOptions) {
    this.resyncIntervalMs = opts.resyncIntervalMs ?? 5_000;
  }

  start(): void {
    const sub = this.opts.redis.duplicate();
    this.subscriber = sub;
    sub.on('message', (_channel: string, payload: string) => this.onMessage(payload));
    sub.on('error', (e: Error) => this.logger.warn(`Redis subscriber: ${e.message}`));
    let firstReady = true;
    sub.on('ready', () => {
      if (!firstReady) void this.resync();
      firstReady = false;
    });
    const channel = stationEventsChannel(this.opts.redis.options.keyPrefix ?? '', this.opts.regionId);
    sub.subscribe(channel).catch((e: Error) => this.logger.warn(`subscribe failed: ${e.message}`));
    void this.resync();
    this.timer = setInterval(() => void this.resync(), this.resyncIntervalMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber?.disconnect();
    await this.resyncing?.catch(() => undefined);
  }

  /** Readiness: the directory was read from Redis at least once. */
  isLoaded(): boolean {
    return this.loaded;
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

  /** Reloads the whole directory (one HGETALL); concurrent calls share the run. */
  resync(): Promise<boolean> {
    if (!this.resyncing) {
      this.resyncing = this.load().finally(() => {
        this.resyncing = null;
      });
    }
    return this.resyncing;
  }

  private async load(): Promise<boolean> {
    try {
      const hash = await this.opts.redis.hgetall(StationKeys.directory(this.opts.regionId));
      const { views, malformed } = viewsFromHash(hash);
      if (malformed) this.logger.warn(`ignored ${malformed} malformed station directory entries`);
      const changed = this.directory.replace(views, Date.now(), Math.max(2 * this.resyncIntervalMs, 10_000));
      for (const view of changed) this.notify(view.accountId, view.name);
      this.loaded = true;
      return true;
    } catch (e) {
      this.logger.warn(`station directory reload failed (${(e as Error).message}); keeping the last known directory`);
      return false;
    }
  }

  private onMessage(payload: string): void {
    const event = parseStationEvent(payload);
    if (!event) {
      this.logger.warn('ignored a malformed station event');
      return;
    }
    if (event.kind === 'station') this.remember(event.view);
    else this.notify(event.accountId, null);
  }

  private notify(accountId: number, station: string | null): void {
    for (const l of this.listeners) l(accountId, station);
  }
}
