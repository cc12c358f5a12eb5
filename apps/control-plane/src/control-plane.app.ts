import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ControlConnections } from '@restgw/db';
import { createHttpApp } from '@restgw/platform';
import { ControlPlaneModule } from './app.module';
import { ControlPlaneConfig } from './control-plane.config';
import { serveConsole } from './console/console-static';

/** The control plane app exactly as main.ts runs it (the shared bootstrap; /readyz checks its connections). */
export async function createControlPlaneApp(config: ControlPlaneConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(ControlPlaneModule.register(config), {
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
  await serveConsole(app, config.CONSOLE_DIR);
  return app;
}
