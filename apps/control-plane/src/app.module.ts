import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AccountAdmin, AccountsModule, accountsOptions, Operators, PRISMA, REDIS } from '@restgw/accounts';
import { SigningKeys } from '@restgw/accounts';
import { StationAdmin, StationResultsConsumer, StationsModule } from '@restgw/control-stations';
import { AuthController } from './auth.controller';
import { AdminController, AdminLoginController } from './admin/admin.controller';
import { OperatorGuard } from './admin/operator.guard';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from './control-plane.config';
import { JwksController } from './jwks.controller';
import { CustomerTokenGuard } from './stations/customer-token.guard';
import { OwnTokenVerifier } from './tokens/own-token.verifier';
import { ImplicitStationsController } from './stations/implicit-stations.controller';
import { StationsController } from './stations/stations.controller';

/**
 * Boot work: a signing key exists, the seed operator exists, gateways' access
 * state and station directories are current, region results are consumed.
 */
@Injectable()
class ControlPlaneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ControlPlane');
  private timer?: NodeJS.Timeout;
  private readonly results: StationResultsConsumer;

  constructor(
    private readonly keys: SigningKeys,
    private readonly operators: Operators,
    private readonly admin: AccountAdmin,
    private readonly stations: StationAdmin,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.results = new StationResultsConsumer(stations, { redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX, stateDatabaseUrl: config.STATE_DATABASE_URL });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.activeKey();
    if (this.config.ADMIN_EMAIL && this.config.ADMIN_PASSWORD) await this.operators.ensure(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    await this.admin.republishAccessState();
    await this.stations.republishAll();
    await this.results.start();
    this.timer = setInterval(() => {
      this.admin.republishAccessState().catch((e) => this.logger.warn(`access state republish failed: ${(e as Error).message}`));
      this.stations.republishAll().catch((e) => this.logger.warn(`station directory republish failed: ${(e as Error).message}`));
    }, this.config.ACCESS_REPUBLISH_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.results.close();
  }
}

@Module({})
export class ControlPlaneModule {
  static register(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [
        AccountsModule.register(accountsOptions(config)),
        StationsModule.register({
          redisUrl: config.REDIS_URL,
          redisKeyPrefix: config.REDIS_KEY_PREFIX,
          stateDatabaseUrl: config.STATE_DATABASE_URL,
          prismaToken: PRISMA,
          redisToken: REDIS,
        }),
      ],
      controllers: [AuthController, JwksController, AdminLoginController, AdminController, StationsController, ImplicitStationsController],
      providers: [{ provide: CONTROL_PLANE_CONFIG, useValue: config }, OwnTokenVerifier, OperatorGuard, CustomerTokenGuard, ControlPlaneLifecycle],
    };
  }
}
