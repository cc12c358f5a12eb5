import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { RateLimits } from '@restgw/contracts';
import { JobsConnection, UsageReportsProducer } from '@restgw/jobs';
import { LimitsMirror, LocalShareConcurrencySlots, MemoryConcurrencySlots, storeRateBudgets, StoreConcurrencySlots, TenantLimiter, UsageMeter, UsageShipper } from '@restgw/limits';
import { RateLimiterStore, STATE_STORE, type StateStore } from '@restgw/state';
import { GatewayConfig } from '../gateway.config';

const USAGE_JOBS = Symbol('USAGE_JOBS');
const logger = new Logger('Limits');

/** Beyond the longest consume wait: a slot of a replica that died lapses after this. */
const SLOT_GRACE_MS = 15_000;
/** Store failures are logged at most this often (limits fail open; a flood of warnings helps nobody). */
const WARN_EVERY_MS = 10_000;
/** On shutdown, how long the last usage report may take to leave. */
const SHUTDOWN_SEND_MS = 5_000;

export function limitDefaults(config: GatewayConfig): RateLimits {
  return {
    produceMessagesPerSecond: config.LIMIT_DEFAULT_PRODUCE_MESSAGES_PER_SECOND || null,
    produceBytesPerSecond: config.LIMIT_DEFAULT_PRODUCE_BYTES_PER_SECOND || null,
    consumeMessagesPerSecond: config.LIMIT_DEFAULT_CONSUME_MESSAGES_PER_SECOND || null,
    requestsPerSecond: config.LIMIT_DEFAULT_REQUESTS_PER_SECOND || null,
    concurrentConsumes: config.LIMIT_DEFAULT_CONCURRENT_CONSUMES || null,
  };
}

/**
 * Tenant limits and usage metering at the gateway. Budgets live in the
 * region's Redis so replicas enforce one limit together; in the local profile
 * (STATE_DATABASE_URL, a single gateway process) they live in this process.
 * The limits themselves come from the control plane through the state store
 * (LimitsMirror); usage leaves through the region's usage queue.
 */
export const limitsProviders = (config: GatewayConfig): Provider[] => [
  {
    provide: RateLimiterStore,
    useFactory: () =>
      new RateLimiterStore({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, ...(config.STATE_DATABASE_URL ? { kind: 'memory' as const } : {}) }),
  },
  {
    provide: LimitsMirror,
    inject: [STATE_STORE],
    useFactory: (store: StateStore) => new LimitsMirror({ store, regionId: config.REGION_ID, resyncIntervalMs: config.LIMITS_RESYNC_MS }),
  },
  {
    provide: TenantLimiter,
    inject: [LimitsMirror, RateLimiterStore, STATE_STORE],
    useFactory: (mirror: LimitsMirror, budgets: RateLimiterStore, store: StateStore) => {
      let warnedAt = 0;
      return new TenantLimiter({
        source: mirror,
        defaults: limitDefaults(config),
        budgets: storeRateBudgets(budgets),
        slots: config.STATE_DATABASE_URL ? new MemoryConcurrencySlots() : new LocalShareConcurrencySlots(new StoreConcurrencySlots(store)),
        slotTtlMs: config.CONSUME_MAX_WAIT_MS + SLOT_GRACE_MS,
        onStoreError: (e) => {
          if (Date.now() - warnedAt < WARN_EVERY_MS) return;
          warnedAt = Date.now();
          logger.warn(`limit budgets unavailable, requests pass unlimited by them: ${e.message}`);
        },
      });
    },
  },
  { provide: UsageMeter, useFactory: () => new UsageMeter() },
  {
    provide: USAGE_JOBS,
    useFactory: () => new JobsConnection({ redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX, stateDatabaseUrl: config.STATE_DATABASE_URL }),
  },
  { provide: UsageReportsProducer, inject: [USAGE_JOBS], useFactory: (jobs: JobsConnection) => new UsageReportsProducer(jobs, config.REGION_ID) },
  {
    provide: UsageShipper,
    inject: [UsageMeter, UsageReportsProducer],
    useFactory: (meter: UsageMeter, sink: UsageReportsProducer) =>
      new UsageShipper(meter, sink, { regionId: config.REGION_ID, flushIntervalMs: config.USAGE_FLUSH_MS, onError: (m) => logger.warn(m) }),
  },
  LimitsLifecycle,
];

/**
 * Starts the mirror and the shipper; on shutdown (after the HTTP server
 * stopped, so every request is counted) sends the last usage report, then
 * closes the connections (the state store closes with its module).
 */
@Injectable()
export class LimitsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly mirror: LimitsMirror,
    private readonly shipper: UsageShipper,
    private readonly producer: UsageReportsProducer,
    private readonly budgets: RateLimiterStore,
    @Inject(USAGE_JOBS) private readonly jobs: JobsConnection,
  ) {}

  onModuleInit(): void {
    this.mirror.start();
    this.shipper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.shipper.stop(SHUTDOWN_SEND_MS);
    // The queue may be unreachable: closing must not hold up the shutdown.
    await Promise.race([this.producer.close().catch(() => undefined), new Promise((r) => setTimeout(r, SHUTDOWN_SEND_MS).unref())]);
    this.jobs.close();
    await this.mirror.stop();
    await this.budgets.close();
  }
}
