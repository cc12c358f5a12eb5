import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AccountAdmin, AccountsModule, accountsOptions, Operators } from '@restgw/accounts';
import { SigningKeys } from '@restgw/auth';
import { AuthController } from './auth.controller';
import { AdminController, AdminLoginController } from './admin/admin.controller';
import { OperatorGuard } from './admin/operator.guard';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from './control-plane.config';
import { JwksController } from './jwks.controller';

/** Boot work: a signing key exists, the seed operator exists, gateways' access state is current. */
@Injectable()
class ControlPlaneLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ControlPlane');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: SigningKeys,
    private readonly operators: Operators,
    private readonly admin: AccountAdmin,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.activeKey();
    if (this.config.ADMIN_EMAIL && this.config.ADMIN_PASSWORD) await this.operators.ensure(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    await this.admin.republishAccessState();
    this.timer = setInterval(() => {
      this.admin.republishAccessState().catch((e) => this.logger.warn(`access state republish failed: ${(e as Error).message}`));
    }, this.config.ACCESS_REPUBLISH_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

@Module({})
export class ControlPlaneModule {
  static register(config: ControlPlaneConfig): DynamicModule {
    return {
      module: ControlPlaneModule,
      imports: [AccountsModule.register(accountsOptions(config))],
      controllers: [AuthController, JwksController, AdminLoginController, AdminController],
      providers: [{ provide: CONTROL_PLANE_CONFIG, useValue: config }, OperatorGuard, ControlPlaneLifecycle],
    };
  }
}
