import { KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { parseJwks } from '@restgw/tokens';

export interface JwksCacheOptions {
  /** Full URL of the control plane's JWKS document. */
  url: string;
  /** Refetches triggered by unknown kids happen at most this often. */
  minRefetchIntervalMs?: number;
  /** Background refresh (picks up retired keys); failures keep the cached keys. */
  refreshIntervalMs?: number;
  /** Delay between boot attempts while the control plane is unreachable. */
  bootRetryMs?: number;
  fetchTimeoutMs?: number;
}

/**
 * The control plane's public keys, kept in memory. Fetched at boot (retried
 * until it works), refetched when a token names an unknown kid (rate-limited,
 * so random kids cannot turn into a request flood), and kept while the control
 * plane is down: verification never depends on it being up.
 */
export class JwksCache {
  private readonly logger = new Logger('JwksCache');
  private keys = new Map<string, KeyObject>();
  private loaded = false;
  private inFlight: Promise<boolean> | null = null;
  private lastFetchAt = 0;
  private bootTimer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly removedListeners: Array<(kids: string[]) => void> = [];

  private readonly minRefetchIntervalMs: number;
  private readonly refreshIntervalMs: number;
  private readonly bootRetryMs: number;
  private readonly fetchTimeoutMs: number;

  constructor(private readonly opts: JwksCacheOptions) {
    this.minRefetchIntervalMs = opts.minRefetchIntervalMs ?? 5_000;
    this.refreshIntervalMs = opts.refreshIntervalMs ?? 300_000;
    this.bootRetryMs = opts.bootRetryMs ?? 1_000;
    this.fetchTimeoutMs = opts.fetchTimeoutMs ?? 5_000;
  }

  /** Starts the boot fetch loop and the background refresh; does not wait for keys. */
  start(): void {
    this.stopped = false;
    const boot = async () => {
      if (this.stopped || this.loaded) return;
      if (!(await this.refresh())) this.bootTimer = setTimeout(boot, this.bootRetryMs).unref();
    };
    void boot();
    this.refreshTimer = setInterval(() => void this.refresh(), this.refreshIntervalMs).unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.bootTimer);
    clearInterval(this.refreshTimer);
  }

  /** Readiness: at least one successful fetch. */
  isLoaded(): boolean {
    return this.loaded;
  }

  /** Called with the kids that disappeared from the set (retired keys). */
  onKeysRemoved(listener: (kids: string[]) => void): void {
    this.removedListeners.push(listener);
  }

  /** The key for kid; an unknown kid triggers one rate-limited refetch. */
  async keyFor(kid: string): Promise<KeyObject | null> {
    const key = this.keys.get(kid);
    if (key) return key;
    if (this.inFlight) await this.inFlight;
    else if (Date.now() - this.lastFetchAt >= this.minRefetchIntervalMs) await this.refresh();
    return this.keys.get(kid) ?? null;
  }

  /** Fetches the set now (shared by concurrent callers); false when it failed. */
  refresh(): Promise<boolean> {
    if (!this.inFlight) {
      this.inFlight = this.fetchOnce().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async fetchOnce(): Promise<boolean> {
    this.lastFetchAt = Date.now();
    try {
      const res = await fetch(this.opts.url, { signal: AbortSignal.timeout(this.fetchTimeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const next = parseJwks(await res.json());
      if (next.size === 0) throw new Error('no usable ES256 keys');
      this.swap(next);
      return true;
    } catch (e) {
      const msg = `JWKS fetch from ${this.opts.url} failed: ${(e as Error).message}`;
      if (this.loaded) this.logger.warn(`${msg}; keeping ${this.keys.size} cached key(s)`);
      else this.logger.warn(`${msg}; retrying`);
      return false;
    }
  }

  private swap(next: Map<string, KeyObject>): void {
    const removed = [...this.keys.keys()].filter((kid) => !next.has(kid));
    this.keys = next;
    this.loaded = true;
    if (removed.length) for (const l of this.removedListeners) l(removed);
  }
}
