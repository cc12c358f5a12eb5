import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { LogBackend } from '@restgw/log';
import { GatewayConfig } from '../gateway.config';

export const LOG_BACKEND = Symbol('LOG_BACKEND');

/** The region's log, chosen by config; one instance (and one set of clients) per process. */
export function logBackendProvider(config: GatewayConfig, override?: LogBackend): Provider {
  return { provide: LOG_BACKEND, useFactory: () => override ?? createConfiguredBackend(config) };
}

function createConfiguredBackend(_config: GatewayConfig): LogBackend {
  // The kafka adapter (createKafkaLogBackend from @restgw/log) is wired here once it lands.
  throw new Error('no LogBackend adapter is available yet');
}

@Injectable()
export class LogBackendLifecycle implements OnApplicationShutdown {
  constructor(@Inject(LOG_BACKEND) private readonly log: LogBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
