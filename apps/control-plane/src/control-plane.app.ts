import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ControlConnections } from '@restgw/db';
import { createHttpApp, RESTGW_VERSION } from '@restgw/platform';
import { CONTROL_PLANE_SECURITY_SCHEMES } from './admin/operator-routes.openapi';
import { CONSOLE_PATHS } from './console/console-session.openapi';
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
    openApi: {
      title: 'restgw control plane',
      description:
        'The control plane: tokens (/auth/*, JWKS) for customers, the admin API (/admin/*, operator token) for operators and the CLI, and /internal/* for gateways. ' +
        'With CONTROL_PLANE_OPERATOR_PORT set, /admin, /internal and this document are served on that listener only. See docs/operations.md.',
      version: RESTGW_VERSION,
      securitySchemes: CONTROL_PLANE_SECURITY_SCHEMES,
      readinessExample: { database: true, state: true },
      extraPaths: CONSOLE_PATHS,
    },
  });
  await serveConsole(app, config.CONSOLE_DIR);
  return app;
}
