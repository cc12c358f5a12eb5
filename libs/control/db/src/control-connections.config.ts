import { DEFAULT_REDIS_KEY_PREFIX } from '@restgw/contracts';
import { ConfigShape, env } from '@restgw/platform';

/** Where the control plane's data lives; shared by the control plane, the CLI and the dev stack. */
export const controlConnectionsConfigSpec = {
  DATABASE_URL: env.str({ default: 'postgresql://postgres@127.0.0.1:5432/restgw' }),
  REDIS_URL: env.str({ default: 'redis://127.0.0.1:6379' }),
  /** Namespace of every Redis key of this deployment (shared with its gateways). */
  REDIS_KEY_PREFIX: env.str({ default: DEFAULT_REDIS_KEY_PREFIX }),
  /** Local profile: what Redis holds in the cluster (revocations, station directory, login throttle, job queues) lives in this PostgreSQL database; REDIS_URL is then not used. */
  STATE_DATABASE_URL: env.optionalStr(),
};

export interface ControlConnectionsOptions {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  stateDatabaseUrl?: string;
}

export function controlConnectionsOptions(c: ConfigShape<typeof controlConnectionsConfigSpec>): ControlConnectionsOptions {
  return { databaseUrl: c.DATABASE_URL, redisUrl: c.REDIS_URL, redisKeyPrefix: c.REDIS_KEY_PREFIX, stateDatabaseUrl: c.STATE_DATABASE_URL };
}
