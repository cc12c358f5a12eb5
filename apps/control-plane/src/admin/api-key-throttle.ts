import { DomainError, ErrorCode } from '@restgw/platform';
import { FailureThrottle, RateLimiterStore } from '@restgw/state';
import { ControlPlaneConfig } from '../control-plane.config';

/** Failed API-key checks per client address (FailureThrottle on the deployment's shared store). */
export class ApiKeyThrottle {
  private readonly throttle: FailureThrottle;

  constructor(store: RateLimiterStore, config: Pick<ControlPlaneConfig, 'API_KEY_MAX_FAILURES' | 'API_KEY_FAILURE_WINDOW_SECONDS'>) {
    this.throttle = new FailureThrottle(store, { name: 'api-key-cp', maxFailures: config.API_KEY_MAX_FAILURES, windowSeconds: config.API_KEY_FAILURE_WINDOW_SECONDS });
  }

  /** 429 while the address is blocked; checked before the key is looked up. */
  assertMayTry(clientIp: string): void {
    const wait = this.throttle.retryAfterSeconds(clientIp);
    if (wait !== null) throw tooManyKeyFailures(wait);
  }

  /** Counts the failure; 429 once over the limit, else the caller's 401. */
  async failed(clientIp: string): Promise<void> {
    const wait = await this.throttle.failed(clientIp);
    if (wait !== null) throw tooManyKeyFailures(wait);
  }
}

export const tooManyKeyFailures = (retryAfterSeconds: number) =>
  new DomainError(ErrorCode.TooManyRequests, 'Too many failed API-key attempts from this address; retry later', retryAfterSeconds);
