import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsageMeter } from '@restgw/limits';
import { createHttpApp } from '@restgw/platform';
import type { FastifyInstance } from 'fastify';
import { GatewayModule, GatewayModuleOverrides } from './app.module';
import { ConsumeService } from './consume/consume.service';
import { GatewayConfig } from './gateway.config';
import { registerRequestMetering } from './limits/request-metering';
import { GatewayReadiness } from './ops/gateway-readiness';

/** The gateway app exactly as main.ts runs it; in-process tests build it here too. */
export async function createGatewayApp(config: GatewayConfig, overrides: GatewayModuleOverrides = {}): Promise<NestFastifyApplication> {
  // The server closes after the consumer groups were handed over (beforeApplicationShutdown);
  // long polls still waiting then (forwarded to the new owners) answer at once.
  const app: NestFastifyApplication = await createHttpApp(GatewayModule.register(config, overrides), {
    onHttpClosing: () => app.get(ConsumeService).cutLongPolls(),
    name: 'gateway',
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    rawBodies: true,
    logRequests: config.LOG_REQUESTS,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.HOST,
    readiness: GatewayReadiness,
  });
  registerRequestMetering(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, app.get(UsageMeter));
  return app;
}
