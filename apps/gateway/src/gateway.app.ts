import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsageMeter } from '@restgw/limits';
import { createHttpApp, RESTGW_VERSION } from '@restgw/platform';
import { GATEWAY_SECURITY_SCHEMES } from './stations/station-routes.openapi';
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
    openApi: {
      title: 'restgw gateway',
      description: `Public API of a regional gateway (region ${config.REGION_ID}): produce and consume over HTTP, Memphis REST gateway compatible, and the token routes relayed to the control plane. See docs/api.md.`,
      version: RESTGW_VERSION,
      securitySchemes: GATEWAY_SECURITY_SCHEMES,
      readinessExample: { log: true, keys: true, accessState: true, stations: true, limits: true, accepting: true, regionNotDisabled: true },
      readinessDetailsExample: { region: config.REGION_ID, region_status: 'active' },
    },
  });
  registerRequestMetering(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, app.get(UsageMeter));
  return app;
}
