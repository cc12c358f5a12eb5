import { DynamicModule, Module } from '@nestjs/common';
import { TokenVerifyModule } from '@restgw/access';
import type { LogBackend } from '@restgw/message-log';
import { StateStoreModule } from '@restgw/state';
import { AuthForwardController } from './auth-forward/auth-forward.controller';
import { ControlPlaneClient } from './auth-forward/control-plane.client';
import { consumeCoordinatorProviders } from './consume/consume-coordinator.provider';
import { ConsumeController } from './consume/consume.controller';
import { ConsumeService } from './consume/consume.service';
import { ConsumeMetrics } from './consume/consume-metrics';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.config';
import { limitsProviders } from './limits/limits.providers';
import { LogBackendLifecycle, logBackendProvider } from './message-log/log-backend.provider';
import { fleetReportProviders } from './ops/fleet-report.provider';
import { GatewayReadiness } from './ops/gateway-readiness';
import { ProduceController } from './produce/produce.controller';
import { ProduceService } from './produce/produce.service';
import { stationProviders } from './stations/station-directory.provider';
import { StationTopics } from './stations/station-topics.service';

export interface GatewayModuleOverrides {
  /** A LogBackend instance instead of the configured adapter (in-process tests). */
  logBackend?: LogBackend;
}

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, overrides: GatewayModuleOverrides = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        // The process's one state store (a command and a subscriber connection): access mirror, station mirror, consume leases.
        StateStoreModule.forRoot({
          redisUrl: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          stateDatabaseUrl: config.STATE_DATABASE_URL,
          connectionName: `restgw-gateway-${config.REGION_ID}`,
        }),
        TokenVerifyModule.forRoot({
          controlPlaneUrl: config.CONTROL_PLANE_URL,
          issuer: config.TOKEN_ISSUER,
          regionId: config.REGION_ID,
          tokenCacheSize: config.TOKEN_CACHE_SIZE,
          accessResyncMs: config.ACCESS_RESYNC_MS,
          apiKeyThrottle: {
            redisUrl: config.REDIS_URL,
            keyPrefix: config.REDIS_KEY_PREFIX,
            // Local profile: one gateway process; its counters in memory like the tenant limits'.
            memory: config.STATE_DATABASE_URL !== undefined,
            maxFailures: config.API_KEY_MAX_FAILURES,
            windowSeconds: config.API_KEY_FAILURE_WINDOW_SECONDS,
          },
        }),
      ],
      controllers: [AuthForwardController, ProduceController, ConsumeController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        logBackendProvider(config, overrides.logBackend),
        LogBackendLifecycle,
        ...stationProviders(config),
        StationTopics,
        ...limitsProviders(config),
        ProduceService,
        ...consumeCoordinatorProviders(config),
        ConsumeService,
        ConsumeMetrics,
        ControlPlaneClient,
        GatewayReadiness,
        ...fleetReportProviders(config),
      ],
    };
  }
}
