import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ControlConnections } from '@restgw/db';
import { createHttpApp } from '@restgw/platform';
import { ControlPlaneModule } from './app.module';
import { ControlPlaneConfig } from './control-plane.config';

/** The control plane app exactly as main.ts runs it (the shared bootstrap; /readyz checks its connections). */
export function createControlPlaneApp(config: ControlPlaneConfig): Promise<NestFastifyApplication> {
  return createHttpApp(ControlPlaneModule.register(config), {
    name: 'control-plane',
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    logRequests: config.LOG_REQUESTS,
    logLevel: config.LOG_LEVEL,
    logFormat: config.LOG_FORMAT,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.HOST,
    readiness: ControlConnections,
  });
}
