import { DEFAULT_REDIS_KEY_PREFIX } from '@restgw/contracts';
import { ConfigShape, env, loadConfig } from '@restgw/platform';

/** Every setting of a regional gateway, validated at boot. */
export const gatewayConfigSpec = {
  GATEWAY_PORT: env.int({ default: 4444, min: 0, max: 65535 }),
  HOST: env.str({ default: '127.0.0.1' }),
  /** This region's id (`<cloud>-<region>`): only accounts enabled here are served. */
  REGION_ID: env.str({ default: 'local-1' }),
  /** The control plane's public listener: /auth/authenticate, /auth/refreshToken and the JWKS. */
  CONTROL_PLANE_URL: env.str({ default: 'http://127.0.0.1:4440' }),
  /**
   * Where this gateway calls the control plane's internal routes (implicit
   * station creation): its operator listener when it has one
   * (CONTROL_PLANE_OPERATOR_PORT there). Default: CONTROL_PLANE_URL.
   */
  CONTROL_PLANE_INTERNAL_URL: env.optionalBaseUrl(),
  /** Timeout of forwarded /auth/* calls and of implicit station creation. */
  CONTROL_PLANE_TIMEOUT_MS: env.int({ default: 10_000, min: 100 }),
  REDIS_URL: env.str({ default: 'redis://127.0.0.1:6379' }),
  /** Namespace of the deployment's Redis keys; same value as the control plane's. */
  REDIS_KEY_PREFIX: env.str({ default: DEFAULT_REDIS_KEY_PREFIX }),
  /** Local profile: revocations and the station directory are read from this PostgreSQL database; REDIS_URL is then not used. */
  STATE_DATABASE_URL: env.optionalStr(),
  KAFKA_BROKERS: env.list({ default: ['127.0.0.1:9092'] }),
  /** Set: the embedded log in this PostgreSQL database (local profile) instead of Kafka; KAFKA_BROKERS is then not used. */
  EMBEDDED_LOG_DATABASE_URL: env.optionalStr(),
  TOKEN_ISSUER: env.str({ default: 'restgw-control-plane' }),
  CORS_ORIGINS: env.list({ default: ['*'] }),
  /** Proxies (IPs, CIDRs) whose X-Forwarded-For is believed; default none: the client is the socket's peer. */
  TRUST_PROXY: env.addressList(),
  BODY_LIMIT_BYTES: env.int({ default: 5 * 1024 * 1024, min: 1024 }),
  /** One message (payload + headers) above this is refused with 413; keep it under the broker's limit. */
  MESSAGE_MAX_BYTES: env.int({ default: 1_000_000, min: 1 }),
  BATCH_MAX_MESSAGES: env.int({ default: 5000, min: 1 }),
  /** Request header names never copied into messages, on top of the default credential set (header-policy.ts). */
  MESSAGE_HEADERS_DROP: env.list({ default: [] }),
  /** Set: allow-list mode, only these request headers are copied into messages (never Authorization, Cookie or hop-by-hop ones). */
  MESSAGE_HEADERS_ALLOW: env.list({ default: [] }),
  /** Upper bound of consume batch_max_wait_time_ms. */
  CONSUME_MAX_WAIT_MS: env.int({ default: 30_000, min: 100 }),
  /**
   * Where the region's other gateway replicas reach this one (consume requests
   * are forwarded to the replica owning the group). Default: http://HOST:GATEWAY_PORT
   * (127.0.0.1 for a wildcard HOST); set it whenever replicas run on other hosts.
   */
  GATEWAY_INTERNAL_URL: env.optionalBaseUrl(),
  /** Consumer-group leases: in the region's state store (Redis, or STATE_DATABASE_URL; replicas share them) or in this process (one replica). */
  CONSUME_LEASE_STORE: env.oneOf(['state', 'memory'] as const, { default: 'state' }),
  /** A dead owner's groups move to another replica after at most this. */
  CONSUME_LEASE_TTL_MS: env.int({ default: 10_000, min: 1_000 }),
  /** A delivered batch not acknowledged within this goes to the next request of another member of its group. */
  CONSUME_VISIBILITY_TIMEOUT_MS: env.int({ default: 30_000, min: 1_000 }),
  /**
   * How long a lapsed batch no other member took stays acknowledgeable by its
   * consumer asking again (slow pollers: triggers, cron jobs), keeping the group
   * open; after it, the batch goes to any member, that consumer included.
   */
  CONSUME_LAPSED_HOLD_MS: env.int({ default: 24 * 3_600_000, min: 1_000 }),
  /** A group without requests or batches in flight for this long is released (leaves Kafka, frees its lease). */
  CONSUME_GROUP_IDLE_MS: env.int({ default: 60_000, min: 1_000 }),
  /** Graceful shutdown waits at most this long for batches in flight to be acknowledged. */
  CONSUME_DRAIN_TIMEOUT_MS: env.int({ default: 5_000, min: 0 }),
  /** Kafka session timeout: how long a replica that died holds up its groups' next join (broker floor: 6000). */
  KAFKA_SESSION_TIMEOUT_MS: env.int({ default: 10_000, min: 1_000 }),
  /** Partitions of topics created on first use. */
  TOPIC_DEFAULT_PARTITIONS: env.int({ default: 1, min: 1 }),
  LOG_REQUESTS: env.bool({ default: false }),
  /** Accounts whose produce/consume counters carry their own `account` label; all others count as "other" (bounded series). */
  METRICS_ACCOUNTS: env.list({ default: [] }),
  /** Set: /metrics is served on this port (a private listener) instead of the app's port. */
  METRICS_PORT: env.optionalInt({ min: 0, max: 65535 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'info', 'debug'] as const, { default: 'info' }),
  /** `json`: one JSON object per line (log pipelines); `pretty`: colored text, set by `npm start` only. */
  LOG_FORMAT: env.oneOf(['json', 'pretty'] as const, { default: 'json' }),
  /** Verified-token cache entries. */
  TOKEN_CACHE_SIZE: env.int({ default: 10_000, min: 1 }),
  /** Failed customer API-key checks per client address within the window (all replicas together); then 429 for a window. */
  API_KEY_MAX_FAILURES: env.int({ default: 20, min: 1 }),
  API_KEY_FAILURE_WINDOW_SECONDS: env.int({ default: 300, min: 1 }),
  /** Full reload period of the revocation / region-enablement mirror. */
  ACCESS_RESYNC_MS: env.int({ default: 5_000, min: 100 }),
  /** Full reload period of the station directory mirror (events apply at once). */
  STATION_RESYNC_MS: env.int({ default: 5_000, min: 100 }),
  /** Compiled schema versions kept (JSON Schema / Protobuf validators). */
  SCHEMA_CACHE_SIZE: env.int({ default: 1_000, min: 1 }),
  /** Limits of accounts that set none (operators set them per account and station); 0 = unlimited. */
  LIMIT_DEFAULT_PRODUCE_MESSAGES_PER_SECOND: env.int({ default: 0, min: 0 }),
  LIMIT_DEFAULT_PRODUCE_BYTES_PER_SECOND: env.int({ default: 0, min: 0 }),
  LIMIT_DEFAULT_CONSUME_MESSAGES_PER_SECOND: env.int({ default: 0, min: 0 }),
  LIMIT_DEFAULT_REQUESTS_PER_SECOND: env.int({ default: 0, min: 0 }),
  LIMIT_DEFAULT_CONCURRENT_CONSUMES: env.int({ default: 0, min: 0 }),
  /** Full reload period of the limits mirror (events apply at once). */
  LIMITS_RESYNC_MS: env.int({ default: 5_000, min: 100 }),
  /** This replica reports itself to its region's fleet view (GET /admin/regions/:id/instances) this often; keep it well under the control plane's FLEET_GONE_AFTER_MS. */
  FLEET_REPORT_MS: env.int({ default: 5_000, min: 100 }),
  /** Usage counters leave for the control plane this often; a crashed gateway loses at most this much of its counts. */
  USAGE_FLUSH_MS: env.int({ default: 10_000, min: 100 }),
};

export type GatewayConfig = ConfigShape<typeof gatewayConfigSpec>;

export function loadGatewayConfig(source = process.env): GatewayConfig {
  const config = loadConfig(gatewayConfigSpec, source);
  if (config.CONSUME_LEASE_STORE === 'state' && config.GATEWAY_PORT === 0 && !config.GATEWAY_INTERNAL_URL) {
    throw new Error('Invalid configuration: GATEWAY_INTERNAL_URL is required when GATEWAY_PORT is 0 (other replicas must reach this one)');
  }
  return config;
}

/** GATEWAY_INTERNAL_URL, or the listening address. */
export function internalUrl(config: GatewayConfig, listeningPort = config.GATEWAY_PORT): string {
  if (config.GATEWAY_INTERNAL_URL) return config.GATEWAY_INTERNAL_URL;
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${listeningPort}`;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
