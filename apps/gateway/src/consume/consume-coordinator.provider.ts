import { BeforeApplicationShutdown, Inject, Injectable, Logger, Provider } from '@nestjs/common';
import { ConsumeCoordinator, LeaseStore, MemoryLeaseStore, StateLeaseStore } from '@restgw/consume';
import { LogBackend } from '@restgw/message-log';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { GATEWAY_CONFIG, GatewayConfig, internalUrl } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';

const logger = new Logger('ConsumeCoordinator');

/** The region's consumer-group ownership: leases in the state store (replicas share them) or in this process (CONSUME_LEASE_STORE=memory). */
export function consumeCoordinatorProviders(config: GatewayConfig): Provider[] {
  return [
    {
      provide: ConsumeCoordinator,
      inject: [LOG_BACKEND, STATE_STORE],
      useFactory: (log: LogBackend, state: StateStore) => {
        const store: LeaseStore = config.CONSUME_LEASE_STORE === 'state' ? new StateLeaseStore(state, config.REGION_ID) : new MemoryLeaseStore();
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
 * acknowledged); the state store closes after that (StateStoreModule).
 */
@Injectable()
export class ConsumeCoordinatorLifecycle implements BeforeApplicationShutdown {
  constructor(
    private readonly coordinator: ConsumeCoordinator,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const groups = this.coordinator.ownedGroups().length;
    await this.coordinator.shutdown();
    if (groups) logger.log(`handed over ${groups} consumer group(s) of region ${this.config.REGION_ID}`);
  }
}
