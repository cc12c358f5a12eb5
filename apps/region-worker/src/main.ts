import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RegionWorkerModule } from './region-worker.module';
import { loadRegionWorkerConfig } from './region-worker.config';
import { collectProcessMetrics, createJsonLogger, exitAfterDeadline, exitWithParent, PinoNestLogger, routeConsoleTo, startMetricsServer } from '@restgw/platform';

/** A stop that hangs on a dependency (Redis or the log down) ends after this. */
const SHUTDOWN_DEADLINE_MS = 15_000;

/** The region worker: no HTTP, only outbound connections (Redis for its queue, Kafka). */
async function main(): Promise<void> {
  exitWithParent();
  const config = loadRegionWorkerConfig();
  exitAfterDeadline(SHUTDOWN_DEADLINE_MS);
  const log = createJsonLogger({ name: 'region-worker', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  routeConsoleTo(log);
  collectProcessMetrics('region-worker');
  const app = await NestFactory.createApplicationContext(RegionWorkerModule.register(config), { logger: new PinoNestLogger(log) });
  const metrics = config.METRICS_PORT === undefined ? undefined : await startMetricsServer(config.METRICS_PORT, config.METRICS_HOST);
  // Graceful stop: the worker finishes (or hands back) its active jobs, then Kafka and Redis close.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Promise.all([app.close(), metrics?.close()]).then(
        () => process.exit(0),
        (e) => {
          console.error(`shutdown failed: ${(e as Error).message}`);
          process.exit(1);
        },
      );
    });
  }
  // Printed whatever LOG_LEVEL says: launchers wait for this line.
  if (metrics) log.child({}, { level: 'info' }).info(`region-worker metrics on http://${config.METRICS_HOST}:${metrics.port}/metrics`);
  log.child({}, { level: 'info' }).info(`region-worker ready (region ${config.REGION_ID})`);
  Logger.flush();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
