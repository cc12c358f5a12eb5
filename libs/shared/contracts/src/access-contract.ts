/**
 * What the control plane and the gateways agree on: token claims, audiences,
 * and the Redis keys through which revocations and region enablement reach
 * every gateway. Both sides import this file; nothing else is shared.
 */

/** Access tokens for the gateways; operator tokens carry ADMIN_AUDIENCE and are refused there. */
export const ACCESS_AUDIENCE = 'restgw-gateway';
export const ADMIN_AUDIENCE = 'restgw-admin';
export const SIGNING_ALG = 'ES256';
export const JWKS_PATH = '/.well-known/jwks.json';

export interface AccessClaims {
  iss: string;
  aud: string;
  /** Application user id (decimal string). */
  sub: string;
  account_id: number;
  username: string;
  /** Login session (refresh-token family) id: revoking it revokes every token of that login. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

/** Who is calling, as proven by a verified access token; the only source of the tenant. */
export interface TenantContext {
  accountId: number;
  userId: number;
  username: string;
  sessionId: string;
}

/**
 * Redis keys (regional Redis). Writers: the control plane. Readers: gateways,
 * which mirror them in memory (hot path = no Redis round trip) and re-read
 * on every event plus a periodic full resync.
 *
 * Every key lives under the deployment's REDIS_KEY_PREFIX (ioredis `keyPrefix`
 * on every connection), so several deployments (or test stacks) can share one
 * Redis. ioredis does not prefix pub/sub channels: use accessEventsChannel().
 */
export const DEFAULT_REDIS_KEY_PREFIX = 'restgw:';

export const accessEventsChannel = (keyPrefix: string) => `${keyPrefix}rv:events`;

export const AccessKeys = {
  /** HASH userId -> epoch seconds: tokens of that user with iat < value are revoked. */
  userNotBefore: 'rv:users',
  /** HASH accountId -> epoch seconds: tokens of that account with iat < value are revoked. */
  accountNotBefore: 'rv:accounts',
  /** ZSET sid scored by the session's expiry (epoch ms): revoked login sessions. */
  revokedSessions: 'rv:sessions',
  /** SET of account ids enabled in a region. */
  regionAccounts: (regionId: string) => `rg:${regionId}:accounts`,
} as const;

export type AccessEvent =
  | { kind: 'user'; userId: number; notBefore: number }
  | { kind: 'account'; accountId: number; notBefore: number }
  | { kind: 'session'; sessionId: string; expiresAtMs: number }
  | { kind: 'region'; regionId: string; accountId: number; enabled: boolean };
/* Pub/sub (accessEventsChannel): payload is one AccessEvent as JSON, sent after the write it announces. */
