import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { InstanceReporter } from '@restgw/fleet';
import { LogBackend } from '@restgw/message-log';
import { APP_VERSION } from '@restgw/platform';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { GatewayConfig, internalUrl } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';

/** This replica in its region's fleet view (GET /admin/regions/:id/instances): a report every FLEET_REPORT_MS. */
export const fleetReportProviders = (config: GatewayConfig): Provider[] => [
  {
    provide: InstanceReporter,
    inject: [STATE_STORE, LOG_BACKEND],
    useFactory: (store: StateStore, log: LogBackend) =>
      new InstanceReporter({
        store,
        regionId: config.REGION_ID,
        kind: 'gateway',
        version: APP_VERSION,
        url: () => internalUrl(config),
        intervalMs: config.FLEET_REPORT_MS,
        logHealthy: () => log.isReady(),
      }),
  },
  FleetReportLifecycle,
];

@Injectable()
export class FleetReportLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly reporter: InstanceReporter) {}

  onApplicationBootstrap(): void {
    this.reporter.start();
  }

  /** Before the state store closes: the last report says stopped. */
  beforeApplicationShutdown(): Promise<void> {
    return this.reporter.stop();
  }
}
