import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@restgw/platform';
import { addressKey, isRateLimited, RateLimiterStore } from '@restgw/state';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export { addressKey };

export interface LoginThrottleOptions {
  /** Failed attempts for one login name from one client address per window, then 429 for a window. */
  maxFailures: number;
  windowSeconds: number;
  /** Failed attempts from one client address (any login name) per window. */
  ipMaxFailures: number;
}

/** Customer logins (account + username) and operator logins (email) are counted apart. */
export type LoginScope = 'user' | 'operator';

const STORE_RETRY_AFTER_SECONDS = 5;

export const tooManyLogins = (retryAfterSeconds: number) =>
  new DomainError(ErrorCode.TooManyRequests, 'Too many failed logins; retry later', retryAfterSeconds);

/**
 * Brute-force protection of both logins, counted in the deployment's shared
 * store (Redis, or PostgreSQL in the local profile) by rate-limiter-flexible.
 *
 * Every attempt takes its point atomically BEFORE the password is verified,
 * so concurrent guesses cannot all be evaluated against a limit they exceed
 * together: of 25 simultaneous wrong guesses with a limit of 10, 10 are
 * verified and 15 answer 429. A success gives the points back.
 *
 * Two counters, neither keyed by the login name alone: one per (login name,
 * client address), one per client address. Someone else's guesses, from
 * their addresses, never use up the victim's own (name, address) allowance,
 * so an attacker cannot lock a user out; the address limit bounds how many
 * names one address can try. The client address is the socket peer, or what
 * a proxy listed in TRUST_PROXY forwarded (never a client's X-Forwarded-For);
 * IPv6 addresses count by their /64, which one client usually holds whole.
 */
export class LoginThrottle {
  private limiters?: Promise<{ byNameAndIp: RateLimiterAbstract; byIp: RateLimiterAbstract }>;

  constructor(
    private readonly store: RateLimiterStore,
    private readonly opts: LoginThrottleOptions,
  ) {}

  /**
   * Runs `attempt` (the password check) if this client may try `name` now.
   * `attempt` resolves true on success. 429 when over either limit; 503 when
   * the counters cannot be reached (failing open would disable the throttle).
   */
  async guard<T>(scope: LoginScope, name: string, clientIp: string, attempt: () => Promise<T | null>): Promise<T | null> {
    const { byNameAndIp, byIp } = await this.counters();
    const ip = addressKey(clientIp);
    const nameKey = `${scope}:${digest(name)}:${ip}`;
    const ipKey = ip;
    await take(byIp, ipKey);
    await take(byNameAndIp, nameKey);
    const result = await attempt();
    if (result !== null) {
      await Promise.all([byNameAndIp.delete(nameKey), byIp.reward(ipKey, 1)]).catch(() => undefined);
    }
    return result;
  }

  private counters() {
    this.limiters ??= (async () => ({
      byNameAndIp: await this.store.limiter({
        name: 'login-name-ip',
        points: this.opts.maxFailures,
        durationSeconds: this.opts.windowSeconds,
        blockSeconds: this.opts.windowSeconds,
      }),
      byIp: await this.store.limiter({ name: 'login-ip', points: this.opts.ipMaxFailures, durationSeconds: this.opts.windowSeconds }),
    }))();
    this.limiters.catch(() => (this.limiters = undefined));
    return this.limiters;
  }
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (e) {
    if (isRateLimited(e)) throw tooManyLogins(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    throw new DomainError(ErrorCode.Unavailable, 'Login is unavailable; retry later', STORE_RETRY_AFTER_SECONDS);
  }
}

/** Fixed-length keys whatever the name's length (the PostgreSQL store keys are varchar(255)). */
function digest(name: string): string {
  return createHash('sha256').update(name).digest('base64url').slice(0, 22);
}
