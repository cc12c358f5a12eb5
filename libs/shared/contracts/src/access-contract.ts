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
  /** 0 for a customer API key (no user behind it). */
  userId: number;
  /** The user's name; for a customer API key, `key:<display prefix>`. */
  username: string;
  /** The login session; for a customer API key, `key:<key id>`. */
  sessionId: string;
  /** Set when the credential was a customer API key: its id. */
  apiKeyId?: string;
}

/**
 * State store keys (the region's Redis, or PostgreSQL in the local profile).
 * Writers: the control plane. Readers: gateways, which mirror them in memory
 * (hot path = no round trip), apply every event at once and reload in full
 * periodically.
 *
 * Every key lives under the deployment's REDIS_KEY_PREFIX (the state store's
 * keyPrefix), so several deployments (or test stacks) can share one Redis.
 * Pub/sub channels are not prefixed by the store: use accessEventsChannel().
 *
 * Last known good: a gateway replaces its access state only with a snapshot
 * that carries the region's `published` marker, which the control plane
 * writes in the same transaction as the complete state. A store that restarted
 * empty has no marker, so gateways keep what they hold until the control plane
 * has republished (it does so as soon as the store is reachable again).
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
  /** STRING: when the control plane last wrote the complete access state (ISO time); absent = incomplete. */
  published: (regionId: string) => `rg:${regionId}:published`,
  /** STRING: the region's RegionStatus; absent = active (a store written before statuses existed). */
  status: (regionId: string) => `rg:${regionId}:status`,
  /** HASH api-key hash -> ApiKeyView (JSON): every customer API key not revoked (expired ones are refused by their expiry). */
  apiKeys: 'ak:keys',
  /** HASH api-key hash -> revocation time (epoch ms): only ever added to, so no republish can bring a revoked key back. */
  revokedApiKeys: 'ak:revoked',
} as const;

/**
 * A region's operating status, set by operators (PUT /admin/regions/:id):
 * `draining` creates no new stations there (implicit or by the admin API) but
 * serves existing traffic; `disabled` answers 503 on station routes and
 * /auth, and the gateways' /readyz says not ready.
 */
export const REGION_STATUSES = ['active', 'draining', 'disabled'] as const;
export type RegionStatus = (typeof REGION_STATUSES)[number];
export const isRegionStatus = (v: unknown): v is RegionStatus => typeof v === 'string' && (REGION_STATUSES as readonly string[]).includes(v);


/** What a gateway knows of a customer API key (never the key: it is found by the key's hash). */
export interface ApiKeyView {
  id: string;
  account_id: number;
  /** `produce` and/or `consume`. */
  scopes: string[];
  /** Station-name globs; the station must match one. */
  stations: string[];
  /** Epoch ms; null: no expiry. */
  expires_at: number | null;
  /** Epoch seconds: a key created before the account's tokens-valid-from (suspension) is refused, like tokens. */
  created_at: number;
  /** Shown in logs and metrics instead of the key. */
  prefix: string;
}

export type AccessEvent =
  | { kind: 'user'; userId: number; notBefore: number }
  | { kind: 'account'; accountId: number; notBefore: number }
  | { kind: 'session'; sessionId: string; expiresAtMs: number }
  | { kind: 'region'; regionId: string; accountId: number; enabled: boolean }
  | { kind: 'region-status'; regionId: string; status: RegionStatus }
  | { kind: 'api-key'; hash: string; view: ApiKeyView }
  | { kind: 'api-key-revoked'; hash: string }
  /** The complete state was rewritten (e.g. after the store restarted empty): reload it. */
  | { kind: 'republished' };
/* Pub/sub (accessEventsChannel): payload is one AccessEvent as JSON, sent after the write it announces. */
