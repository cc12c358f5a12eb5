import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ConsumeCoordinator, LeaseStore, MemoryLeaseStore, RedisLeaseStore } from '@restgw/consume';
import { LogBackend } from '@restgw/message-log';
import { outageListener } from '@restgw/platform';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG, GatewayConfig, internalUrl } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';

const LEASE_REDIS = Symbol('LEASE_REDIS');
const logger = new Logger('ConsumeCoordinator');

/** The region's consumer-group ownership: leases in Redis (cluster) or in this process (CONSUME_LEASE_STORE=memory). */
export function consumeCoordinatorProviders(config: GatewayConfig): Provider[] {
  return [
    {
      provide: LEASE_REDIS,
      useFactory: () => {
        if (config.CONSUME_LEASE_STORE !== 'redis') return null;
        const redis = new Redis(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX, maxRetriesPerRequest: 2, connectionName: 'restgw-consume-leases' });
        redis.on('error', outageListener('Redis (consumer-group leases)', (m) => logger.warn(m)));
        return redis;
      },
    },
    {
      provide: ConsumeCoordinator,
      inject: [LOG_BACKEND, LEASE_REDIS],
      useFactory: (log: LogBackend, redis: Redis | null) => {
        const store: LeaseStore = redis ? new RedisLeaseStore(redis) : new MemoryLeaseStore();
        return new ConsumeCoordinator({
          log,
          store,
          selfUrl: internalUrl(config),
          leaseTtlMs: config.CONSUME_LEASE_TTL_MS,
          visibilityTimeoutMs: config.CONSUME_VISIBILITY_TIMEOUT_MS,
          lapsedHoldMs: config.CONSUME_LAPSED_HOLD_MS,
          groupIdleMs: config.CONSUME_GROUP_IDLE_MS,
          drainTimeoutMs: config.CONSUME_DRAIN_TIMEOUT_MS,
          onError: (message) => logger.warn(message),
        });
      },
    },
    ConsumeCoordinatorLifecycle,
  ];
}

/**
 * Hands this replica's groups over before the HTTP server closes (requests
 * forwarded here must still be answered while batches in flight are
 * acknowledged), then closes the lease connection.
 */
@Injectable()
export class ConsumeCoordinatorLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly coordinator: ConsumeCoordinator,
    @Inject(LEASE_REDIS) private readonly redis: Redis | null,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const groups = this.coordinator.ownedGroups().length;
    await this.coordinator.shutdown();
    if (groups) logger.log(`handed over ${groups} consumer group(s) of region ${this.config.REGION_ID}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}
