import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AccountsModule, accountsOptions, FleetView, Operators, SigningKeys } from '@restgw/accounts';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { RateLimiterStore, STATE_STORE, type StateStore } from '@restgw/state';
import { StationResultsConsumer, StationsModule } from '@restgw/control-stations';
import { AuditModule } from '@restgw/audit';
import { ControlConnectionsModule, controlConnectionsOptions } from '@restgw/db';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UsageModule } from '@restgw/usage';
import { AuthController } from './auth.controller';
import { AdminController, AdminLoginController } from './admin/admin.controller';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { OperatorGuard } from './admin/operator.guard';
import { ApiKeyThrottle } from './admin/api-key-throttle';
import { CustomerApiKeysController, OperatorApiKeysController } from './api-keys/api-keys.controller';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from './control-plane.config';
import { JwksController } from './jwks.controller';
import { ConsoleSessionController } from './console/console-session.controller';
import { CustomerTokenGuard } from './stations/customer-token.guard';
import { OwnTokenVerifier } from './tokens/own-token.verifier';
import { ImplicitStationsController } from './stations/implicit-stations.controller';
import { StationsController } from './stations/stations.controller';
import { StatePublication } from './state/state-publication';
import { LimitsController } from './usage/limits.controller';
import { UsageLifecycle } from './usage/usage.lifecycle';

/**
 * Boot work: a signing key exists, the seed operator exists, gateways' access
 * state and station directories are current, region results are consumed.
 */
@Injectable()
class ControlPlaneLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly keys: SigningKeys,
    private readonly operators: Operators,
    private readonly publication: StatePublication,
    private readonly results: StationResultsConsumer,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.activeKey();
    if (this.config.ADMIN_EMAIL && this.config.ADMIN_PASSWORD) await this.operators.ensure(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    await this.publication.start();
    await this.results.start();
  }

  async onModuleDestroy(): Promise<void> {
    // The results worker itself is stopped by StationsModule; the state store closes after every onModuleDestroy.
    await this.publication.stop();
  }
}

@Module({})
export class ControlPlaneModule {
  static register(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [ControlConnectionsModule.forRoot(controlConnectionsOptions(config)), AccountsModule.register(accountsOptions(config)), StationsModule, AuditModule, UsageModule],
      controllers: [ConsoleSessionController, AuditController, AuthController, JwksController, AdminLoginController, AdminController, StationsController, ImplicitStationsController, LimitsController, OperatorApiKeysController, CustomerApiKeysController],
      providers: [
        { provide: CONTROL_PLANE_CONFIG, useValue: config },
        {
          provide: FleetView,
          inject: [PRISMA, STATE_STORE],
          useFactory: (prisma: PrismaClient, store: StateStore) =>
            new FleetView(prisma, store, { goneAfterMs: config.FLEET_GONE_AFTER_MS, dropAfterMs: config.FLEET_DROP_AFTER_MS }),
        },
        OwnTokenVerifier,
        OperatorGuard,
        { provide: ApiKeyThrottle, inject: [RateLimiterStore], useFactory: (store: RateLimiterStore) => new ApiKeyThrottle(store, config) },
        CustomerTokenGuard,
        StatePublication,
        ControlPlaneLifecycle,
        UsageLifecycle,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
