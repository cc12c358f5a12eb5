import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RegionWorkerModule } from './region-worker.module';
import { loadRegionWorkerConfig } from './region-worker.config';
import { createJsonLogger, exitAfterDeadline, exitWithParent, PinoNestLogger, routeConsoleTo } from '@restgw/platform';

/** A stop that hangs on a dependency (Redis or the log down) ends after this. */
const SHUTDOWN_DEADLINE_MS = 15_000;

/** The region worker: no HTTP, only outbound connections (Redis for its queue, Kafka). */
async function main(): Promise<void> {
  exitWithParent();
  const config = loadRegionWorkerConfig();
  exitAfterDeadline(SHUTDOWN_DEADLINE_MS);
  const log = createJsonLogger({ name: 'region-worker', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  routeConsoleTo(log);
  const app = await NestFactory.createApplicationContext(RegionWorkerModule.register(config), { logger: new PinoNestLogger(log) });
  // Graceful stop: the worker finishes (or hands back) its active jobs, then Kafka and Redis close.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        (e) => {
          console.error(`shutdown failed: ${(e as Error).message}`);
          process.exit(1);
        },
      );
    });
  }
  // Printed whatever LOG_LEVEL says: launchers wait for this line.
  log.child({}, { level: 'info' }).info(`region-worker ready (region ${config.REGION_ID})`);
  Logger.flush();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
