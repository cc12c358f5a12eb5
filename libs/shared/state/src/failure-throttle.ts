import { isIP } from 'node:net';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { isRateLimited, RateLimiterStore } from './rate-limiters';

export interface FailureThrottleOptions {
  /** Distinguishes this throttle's counters in the shared store. */
  name: string;
  /** Failed attempts per client address within the window; then refused for a window. */
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Counts failed credential checks (unknown or revoked API keys) per client
 * address in the deployment's shared store, and refuses an address over the
 * limit for a window. A good credential costs nothing: the counter is only
 * written on a failure, and an address known to be blocked is remembered in
 * this process until its window ends, so the hot path never waits for the
 * store. Another process learns of the block at its next failure from that
 * address. If the store is unreachable, failures are not counted (the
 * credential is refused anyway).
 */
export class FailureThrottle {
  private limiter?: Promise<RateLimiterAbstract>;
  /** address key -> blocked until (epoch ms). */
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly store: Pick<RateLimiterStore, 'limiter'>,
    private readonly opts: FailureThrottleOptions,
  ) {}

  /** Seconds until this address may try again; null when it may now. */
  retryAfterSeconds(clientIp: string, now = Date.now()): number | null {
    const key = addressKey(clientIp);
    const until = this.blocked.get(key);
    if (until === undefined) return null;
    if (until <= now) {
      this.blocked.delete(key);
      return null;
    }
    return Math.max(1, Math.ceil((until - now) / 1000));
  }

  /** Counts a failure; returns the seconds to wait when the address is now over the limit. */
  async failed(clientIp: string): Promise<number | null> {
    const key = addressKey(clientIp);
    try {
      this.limiter ??= this.store.limiter({ name: this.opts.name, points: this.opts.maxFailures, durationSeconds: this.opts.windowSeconds, blockSeconds: this.opts.windowSeconds });
      this.limiter.catch(() => (this.limiter = undefined));
      await (await this.limiter).consume(key, 1);
      return null;
    } catch (e) {
      if (!isRateLimited(e)) return null;
      if (this.blocked.size > 100_000) this.blocked.clear();
      this.blocked.set(key, Date.now() + e.msBeforeNext);
      return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    }
  }
}

/** IPv4 as is; IPv6 by its /64 prefix (IPv4-mapped ones as IPv4): one client usually holds a whole /64. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
