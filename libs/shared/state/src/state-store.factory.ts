import { Logger } from '@nestjs/common';
import { PgStateStore } from './pg-state-store';
import { RedisStateStore } from './redis-state-store';
import { StateStore } from './state-store';

export interface StateStoreConfig {
  redisUrl: string;
  /** The deployment's namespace (REDIS_KEY_PREFIX), on both stores. */
  keyPrefix: string;
  /** Set (local profile): the state lives in this PostgreSQL database, and redisUrl is not used. */
  stateDatabaseUrl?: string;
  /** Redis CLIENT SETNAME, so operators can tell the apps' connections apart. */
  connectionName?: string;
}

const logger = new Logger('StateStore');

/** The one place that picks the state store: PostgreSQL when STATE_DATABASE_URL is set, Redis otherwise. */
export function createStateStore(config: StateStoreConfig, onStatus: (message: string) => void = (m) => logger.warn(m)): StateStore {
  if (config.stateDatabaseUrl) return new PgStateStore({ url: config.stateDatabaseUrl, keyPrefix: config.keyPrefix, onStatus });
  return new RedisStateStore({ url: config.redisUrl, keyPrefix: config.keyPrefix, connectionName: config.connectionName, onStatus });
}
