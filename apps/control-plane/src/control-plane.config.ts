import { join } from 'node:path';
import { env, loadConfig, REPO_ROOT } from '@restgw/platform';
import { accountsConfigSpec } from '@restgw/accounts';
import { controlConnectionsConfigSpec } from '@restgw/db';

export const controlPlaneConfigSpec = {
  ...controlConnectionsConfigSpec,
  ...accountsConfigSpec,
  CONTROL_PLANE_PORT: env.int({ default: 4440, min: 0, max: 65535 }),
  HOST: env.str({ default: '127.0.0.1' }),
  /**
   * Set: /admin/* and /internal/* are served only on this port (an operator
   * listener for a private network) and the public listener answers them 404.
   * Unset: one listener serves everything.
   */
  CONTROL_PLANE_OPERATOR_PORT: env.optionalInt({ min: 0, max: 65535 }),
  /** Address of the operator listener; default HOST. */
  CONTROL_PLANE_OPERATOR_HOST: env.optionalStr(),
  /** Proxies (IPs, CIDRs) whose X-Forwarded-For is believed, e.g. the gateways relaying /auth; default none. */
  TRUST_PROXY: env.addressList(),
  /** Failed API-key checks (unknown, revoked, expired keys) per client address within the window; then 429 for a window. */
  API_KEY_MAX_FAILURES: env.int({ default: 20, min: 1 }),
  API_KEY_FAILURE_WINDOW_SECONDS: env.int({ default: 300, min: 1 }),
  /** Account used by /auth/authenticate when a request names none (local profile). */
  DEFAULT_ACCOUNT_ID: env.int({ default: 0, min: 0 }),
  /** Operator created at boot when both are set and it does not exist. */
  ADMIN_EMAIL: env.optionalStr(),
  ADMIN_PASSWORD: env.optionalStr(),
  CORS_ORIGINS: env.list({ default: ['*'] }),
  /** The built console served at /console (apps/console's `vite build` output). */
  CONSOLE_DIR: env.str({ default: join(REPO_ROOT, 'apps/console/dist') }),
  BODY_LIMIT_BYTES: env.int({ default: 1024 * 1024, min: 1024 }),
  LOG_REQUESTS: env.bool({ default: false }),
  /** Set: /metrics is served on this port (a private listener) instead of the app's port. */
  METRICS_PORT: env.optionalInt({ min: 0, max: 65535 }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'info', 'debug'] as const, { default: 'info' }),
  /** `json`: one JSON object per line (log pipelines); `pretty`: colored text, set by `npm start` only. */
  LOG_FORMAT: env.oneOf(['json', 'pretty'] as const, { default: 'json' }),
  /** How often the gateways' access state and station directories in the state store are rewritten from the database. */
  ACCESS_REPUBLISH_SECONDS: env.int({ default: 60, min: 1 }),
  /** How often the state store is checked for every region's `published` markers; a missing one (store restarted empty) republishes at once. */
  STATE_CHECK_MS: env.int({ default: 1_000, min: 100 }),
  /** Usage kept per minute for this many days, per hour for this many (per day: kept). */
  USAGE_MINUTE_RETENTION_DAYS: env.int({ default: 7, min: 1 }),
  USAGE_HOUR_RETENTION_DAYS: env.int({ default: 90, min: 1 }),
  /** Fleet view: a gateway replica or region worker whose last report is older than this is listed as gone (they report every FLEET_REPORT_MS, 5 s). */
  FLEET_GONE_AFTER_MS: env.int({ default: 15_000, min: 1_000 }),
  /** ... and one silent (gone or stopped) for this long is no longer listed. */
  FLEET_DROP_AFTER_MS: env.int({ default: 3_600_000, min: 1_000 }),
};

export type ControlPlaneConfig = ReturnType<typeof loadControlPlaneConfig>;

export function loadControlPlaneConfig(source = process.env) {
  const config = loadConfig(controlPlaneConfigSpec, source);
  if (config.FLEET_DROP_AFTER_MS <= config.FLEET_GONE_AFTER_MS) {
    throw new Error(
      `Invalid configuration: FLEET_DROP_AFTER_MS (${config.FLEET_DROP_AFTER_MS}) must be greater than FLEET_GONE_AFTER_MS (${config.FLEET_GONE_AFTER_MS}): an instance is shown as gone before it is dropped`,
    );
  }
  return config;
}

export const CONTROL_PLANE_CONFIG = Symbol('CONTROL_PLANE_CONFIG');
