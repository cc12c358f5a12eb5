/** Settings of token verification in a gateway. */
export interface TokenVerifyOptions {
  /** Base URL of the control plane; the JWKS is read from `${controlPlaneUrl}${JWKS_PATH}`. */
  controlPlaneUrl: string;
  /** Expected `iss` (the control plane's TOKEN_ISSUER). */
  issuer: string;
  /** This gateway's region id: only accounts enabled there are served. */
  regionId: string;
  /** Verified-token cache size (entries). */
  tokenCacheSize?: number;
  /** Access-state full reload period. */
  accessResyncMs?: number;
  /** Minimum delay between JWKS refetches caused by unknown kids. */
  jwksMinRefetchMs?: number;
  /** Counters of failed API-key checks: the region's Redis (or this process, `memory`: local profile). Default: in memory, 20 per 300 s. */
  apiKeyThrottle?: { redisUrl: string; keyPrefix: string; memory: boolean; maxFailures: number; windowSeconds: number };
}

export const TOKEN_VERIFY_OPTIONS = Symbol('TOKEN_VERIFY_OPTIONS');
