import { KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { dependencyErrors } from '@restgw/platform';
import { Mirror } from '@restgw/state';
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

type Keys = Map<string, KeyObject>;

/**
 * The control plane's public keys, kept in memory (a Mirror without events):
 * fetched at boot (retried until it works), refetched when a token names an
 * unknown kid (rate-limited, so random kids cannot turn into a request flood)
 * and periodically, and kept while the control plane is down or answers no
 * usable key: verification never depends on it being up.
 */
export class JwksCache {
  private readonly logger = new Logger('JwksCache');
  private readonly mirror: Mirror<Keys>;
  private lastFetchAt = 0;
  private fetching = false;
  private readonly removedListeners: Array<(kids: string[]) => void> = [];
  private readonly minRefetchIntervalMs: number;
  private readonly fetchTimeoutMs: number;

  constructor(private readonly opts: JwksCacheOptions) {
    this.minRefetchIntervalMs = opts.minRefetchIntervalMs ?? 5_000;
    this.fetchTimeoutMs = opts.fetchTimeoutMs ?? 5_000;
    this.mirror = new Mirror<Keys>({
      name: `JWKS from ${opts.url}`,
      logger: this.logger,
      reloadIntervalMs: opts.refreshIntervalMs ?? 300_000,
      bootRetryMs: opts.bootRetryMs ?? 1_000,
      source: { load: () => this.fetchKeys() },
      adopt: (next, held) => {
        const removed = [...(held?.keys() ?? [])].filter((kid) => !next.has(kid));
        if (removed.length) for (const l of this.removedListeners) l(removed);
        return next;
      },
      apply: () => undefined,
    });
  }

  /** Starts the boot fetch loop and the background refresh; does not wait for keys. */
  start(): void {
    this.mirror.start();
  }

  stop(): void {
    void this.mirror.stop();
  }

  /** Readiness: at least one successful fetch. */
  isLoaded(): boolean {
    return this.mirror.isLoaded();
  }

  /** Called with the kids that disappeared from the set (retired keys). */
  onKeysRemoved(listener: (kids: string[]) => void): void {
    this.removedListeners.push(listener);
  }

  /** The key for kid; an unknown kid triggers one rate-limited refetch (or joins the one in flight). */
  async keyFor(kid: string): Promise<KeyObject | null> {
    const key = this.mirror.state?.get(kid);
    if (key) return key;
    if (Date.now() - this.lastFetchAt >= this.minRefetchIntervalMs || this.fetching) await this.mirror.reload();
    return this.mirror.state?.get(kid) ?? null;
  }

  /** Fetches the set now (shared by concurrent callers); false when it failed. */
  async refresh(): Promise<boolean> {
    return (await this.mirror.reload()) === 'loaded';
  }

  /** An empty or unusable set counts as no snapshot: the cached keys stay. */
  private async fetchKeys(): Promise<Keys | null> {
    this.lastFetchAt = Date.now();
    this.fetching = true;
    try {
      const res = await fetch(this.opts.url, { signal: AbortSignal.timeout(this.fetchTimeoutMs) }).catch((e: unknown) => {
        dependencyErrors.inc({ dependency: 'control_plane' });
        throw e;
      });
      if (!res.ok) {
        if (res.status >= 500) dependencyErrors.inc({ dependency: 'control_plane' });
        throw new Error(`HTTP ${res.status}`);
      }
      const next = parseJwks(await res.json());
      return next.size ? next : null;
    } finally {
      this.fetching = false;
    }
  }
}
