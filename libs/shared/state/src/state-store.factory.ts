import { Logger } from '@nestjs/common';
import { dependencyErrors } from '@restgw/platform';
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
  const store = config.stateDatabaseUrl
    ? new PgStateStore({ url: config.stateDatabaseUrl, keyPrefix: config.keyPrefix, onStatus })
    : new RedisStateStore({ url: config.redisUrl, keyPrefix: config.keyPrefix, connectionName: config.connectionName, onStatus });
  return countingFailures(store, () => dependencyErrors.inc({ dependency: 'state_store' }));
}

/** The calls that reach the store; a rejected one is a failed state-store call (restgw_dependency_errors_total). */
const CALLS = new Set<PropertyKey>(['read', 'write', 'publish', 'subscribe', 'acquireLease', 'leaseHolder', 'renewLease', 'releaseLease', 'announceMember', 'withdrawMember', 'liveMembers', 'ping']);

export function countingFailures<T extends object>(store: T, failed: () => void): T {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (!CALLS.has(prop)) return value.bind(target);
      return (...args: unknown[]) =>
        (value.apply(target, args) as Promise<unknown>).catch((e: unknown) => {
          failed();
          throw e;
        });
    },
  });
}
