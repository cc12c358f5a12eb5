import { Logger, ValidationPipe } from '@nestjs/common';
import type { PrismaClient } from '@restgw/db';
import { PRISMA, REDIS } from '@restgw/accounts';
import { DEV_SIGNING_KEY_SECRET } from '@restgw/accounts';
import { createHttpApp, registerHealth, exitWithParent } from '@restgw/platform';
import type { Redis } from 'ioredis';
import { ControlPlaneModule } from './app.module';
import { loadControlPlaneConfig } from './control-plane.config';

async function main(): Promise<void> {
  exitWithParent();
  const config = loadControlPlaneConfig();
  if (config.SIGNING_KEY_SECRET === DEV_SIGNING_KEY_SECRET) {
    Logger.warn('SIGNING_KEY_SECRET is the development default; set it for any shared deployment', 'ControlPlane');
  }
  const app = await createHttpApp(ControlPlaneModule.register(config), {
    name: 'control-plane',
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    logRequests: config.LOG_REQUESTS,
    logLevel: config.LOG_LEVEL,
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidUnknownValues: true }));
  const prisma = app.get<PrismaClient>(PRISMA);
  const redis = app.get<Redis>(REDIS);
  registerHealth(app, async () => ({
    database: await prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
    redis: await redis.ping().then(() => true, () => false),
  }));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/monitoring/status', async () => ({ status: 'ok' }));
  await app.listen(config.CONTROL_PLANE_PORT, config.HOST);
  Logger.log(`control plane listening on http://${config.HOST}:${config.CONTROL_PLANE_PORT}`, 'ControlPlane');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
