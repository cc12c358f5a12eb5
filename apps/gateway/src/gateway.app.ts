import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@restgw/platform';
import { GatewayModule, GatewayModuleOverrides } from './app.module';
import { GatewayConfig } from './gateway.config';
import { GatewayReadiness } from './ops/gateway-readiness';

/** The gateway app exactly as main.ts runs it; in-process tests build it here too. */
export async function createGatewayApp(config: GatewayConfig, overrides: GatewayModuleOverrides = {}): Promise<NestFastifyApplication> {
  return createHttpApp(GatewayModule.register(config, overrides), {
    name: 'gateway',
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    rawBodies: true,
    logRequests: config.LOG_REQUESTS,
    logLevel: config.LOG_LEVEL,
    readiness: GatewayReadiness,
  });
}
