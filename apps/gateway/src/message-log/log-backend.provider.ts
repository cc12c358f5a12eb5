import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { createEmbeddedLogBackend, createKafkaLogBackend, LogBackend } from '@restgw/message-log';
import { GatewayConfig } from '../gateway.config';

export const LOG_BACKEND = Symbol('LOG_BACKEND');

/** The region's log, chosen by config; one instance (and one set of clients) per process. */
export function logBackendProvider(config: GatewayConfig, override?: LogBackend): Provider {
  return { provide: LOG_BACKEND, useFactory: () => override ?? createConfiguredBackend(config) };
}

function createConfiguredBackend(config: GatewayConfig): LogBackend {
  if (config.EMBEDDED_LOG_DATABASE_URL) {
    return createEmbeddedLogBackend({ connectionString: config.EMBEDDED_LOG_DATABASE_URL, defaultPartitions: config.TOPIC_DEFAULT_PARTITIONS });
  }
  return createKafkaLogBackend({
    brokers: config.KAFKA_BROKERS,
    clientId: `restgw-gateway-${config.REGION_ID}`,
    defaultPartitions: config.TOPIC_DEFAULT_PARTITIONS,
    consumerSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    // Idle groups are released by the consume coordinator; this only catches consumers it no longer tracks.
    consumerIdleMs: config.CONSUME_GROUP_IDLE_MS * 2,
    logLevel: config.LOG_LEVEL === 'debug' ? 'info' : config.LOG_LEVEL,
  });
}

@Injectable()
export class LogBackendLifecycle implements OnApplicationShutdown {
  constructor(@Inject(LOG_BACKEND) private readonly log: LogBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}
