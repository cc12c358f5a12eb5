import { Inject, Injectable } from '@nestjs/common';
import { AccessStateMirror, TokenVerifyLifecycle } from '@restgw/access';
import { ConsumeCoordinator } from '@restgw/consume';
import { LimitsMirror } from '@restgw/limits';
import { LogBackend } from '@restgw/message-log';
import { StationDirectoryMirror } from '@restgw/region-stations';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';

const BROKER_CHECK_TIMEOUT_MS = 2000;

/**
 * /readyz: the log answers, the control plane's keys, the access state, the
 * station directory and the limits are loaded, no shutdown under way, and the
 * region is not disabled (load balancers stop sending; its status is shown).
 */
@Injectable()
export class GatewayReadiness {
  constructor(
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    private readonly verify: TokenVerifyLifecycle,
    private readonly stations: StationDirectoryMirror,
    private readonly coordinator: ConsumeCoordinator,
    private readonly limits: LimitsMirror,
    private readonly access: AccessStateMirror,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  details(): Record<string, string> {
    return { region: this.config.REGION_ID, region_status: this.access.regionStatus() };
  }

  async check(): Promise<Record<string, boolean>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), BROKER_CHECK_TIMEOUT_MS);
    });
    const log = await Promise.race([this.log.isReady().catch(() => false), timeout]).finally(() => clearTimeout(timer));
    // A replica shutting down is not ready: load balancers stop sending while its groups are handed over.
    return {
      log,
      ...this.verify.readiness(),
      stations: this.stations.isLoaded(),
      limits: this.limits.isLoaded(),
      accepting: !this.coordinator.isStopping(),
      regionNotDisabled: this.access.regionStatus() !== 'disabled',
    };
  }
}
