import { DEFAULT_REDIS_KEY_PREFIX } from '@restgw/contracts';
import { ConfigShape, env } from '@restgw/platform';

export const DEV_SIGNING_KEY_SECRET = 'dev-only-signing-key-secret-change-me';

/** Settings of the accounts/token core, shared by the control plane and the CLI. */
export const accountsConfigSpec = {
  DATABASE_URL: env.str({ default: 'postgresql://postgres@127.0.0.1:5432/restgw' }),
  REDIS_URL: env.str({ default: 'redis://127.0.0.1:6379' }),
  /** Namespace of every Redis key of this deployment (shared with its gateways). */
  REDIS_KEY_PREFIX: env.str({ default: DEFAULT_REDIS_KEY_PREFIX }),
  /** Local profile: what Redis holds in the cluster (revocations, station directory, login throttle, job queues) lives in this PostgreSQL database; REDIS_URL is then not used. */
  STATE_DATABASE_URL: env.optionalStr(),
  TOKEN_ISSUER: env.str({ default: 'restgw-control-plane' }),
  /** Seals private signing keys at rest; required outside development. */
  SIGNING_KEY_SECRET: env.str({ default: DEV_SIGNING_KEY_SECRET }),
  LOGIN_MAX_FAILURES: env.int({ default: 10, min: 1 }),
  LOGIN_WINDOW_SECONDS: env.int({ default: 900, min: 1 }),
};

export interface AccountsOptions {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  stateDatabaseUrl?: string;
  tokenIssuer: string;
  signingKeySecret: string;
  loginMaxFailures: number;
  loginWindowSeconds: number;
}

export function accountsOptions(c: ConfigShape<typeof accountsConfigSpec>): AccountsOptions {
  return {
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    redisKeyPrefix: c.REDIS_KEY_PREFIX,
    stateDatabaseUrl: c.STATE_DATABASE_URL,
    tokenIssuer: c.TOKEN_ISSUER,
    signingKeySecret: c.SIGNING_KEY_SECRET,
    loginMaxFailures: c.LOGIN_MAX_FAILURES,
    loginWindowSeconds: c.LOGIN_WINDOW_SECONDS,
  };
}
