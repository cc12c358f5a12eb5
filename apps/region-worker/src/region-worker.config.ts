import { DEFAULT_REDIS_KEY_PREFIX } from '@restgw/contracts';
import { env, loadConfig } from '@restgw/platform';

export const regionWorkerConfigSpec = {
  REGION_ID: env.str({ default: 'local-1' }),
  REDIS_URL: env.str({ default: 'redis://127.0.0.1:6379' }),
  REDIS_KEY_PREFIX: env.str({ default: DEFAULT_REDIS_KEY_PREFIX }),
  /** Local profile: the job queue (BullMQ's PostgreSQL backend) and the station directory in this PostgreSQL database; REDIS_URL is then not used. */
  STATE_DATABASE_URL: env.optionalStr(),
  KAFKA_BROKERS: env.list({ default: ['127.0.0.1:9092'] }),
  /** Set: stations are topics of the embedded log in this PostgreSQL database (local profile); KAFKA_BROKERS is then not used. */
  EMBEDDED_LOG_DATABASE_URL: env.optionalStr(),
  /** Topic replication factor; -1 uses the broker's default.replication.factor. */
  KAFKA_REPLICATION_FACTOR: env.int({ default: -1, min: -1 }),
  /** Jobs applied at once. */
  WORKER_CONCURRENCY: env.int({ default: 4, min: 1, max: 100 }),
  /** BullMQ job lock: a job whose worker died is retried after at most about this long (plus the stalled check interval). */
  WORKER_LOCK_MS: env.int({ default: 30_000, min: 1000 }),
  WORKER_STALLED_CHECK_MS: env.int({ default: 30_000, min: 1000 }),
  /** Test only: wait this long before applying each job (to kill the worker mid-job). */
  WORKER_TEST_JOB_DELAY_MS: env.int({ default: 0, min: 0 }),
  /** The worker reports itself to its region's fleet view (GET /admin/regions/:id/instances) this often. */
  FLEET_REPORT_MS: env.int({ default: 5_000, min: 100 }),
  /** Set: Prometheus metrics at /metrics on this port (0: any free port), on METRICS_HOST; unset: no listener (the worker has no HTTP otherwise). */
  METRICS_PORT: env.optionalInt({ min: 0, max: 65535 }),
  METRICS_HOST: env.str({ default: '127.0.0.1' }),
  LOG_LEVEL: env.oneOf(['error', 'warn', 'info', 'debug'] as const, { default: 'info' }),
  /** `json`: one JSON object per line (log pipelines); `pretty`: colored text, set by `npm start` only. */
  LOG_FORMAT: env.oneOf(['json', 'pretty'] as const, { default: 'json' }),
};

export type RegionWorkerConfig = ReturnType<typeof loadRegionWorkerConfig>;

export function loadRegionWorkerConfig(source = process.env) {
  return loadConfig(regionWorkerConfigSpec, source);
}

export const REGION_WORKER_CONFIG = Symbol('REGION_WORKER_CONFIG');
