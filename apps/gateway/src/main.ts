import { Logger } from '@nestjs/common';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';
import { createJsonLogger, exitAfterDeadline, exitWithParent, routeConsoleTo } from '@restgw/platform';

/** After the drain: the HTTP close (2 s grace), leaving Kafka, closing clients. The bound is CONSUME_DRAIN_TIMEOUT_MS + 5 s. */
const SHUTDOWN_MARGIN_MS = 4_500;

async function main(): Promise<void> {
  exitWithParent();
  const config = loadGatewayConfig();
  exitAfterDeadline(config.CONSUME_DRAIN_TIMEOUT_MS + SHUTDOWN_MARGIN_MS);
  // Libraries that print (kafkajs, BullMQ) write JSON lines like the app.
  routeConsoleTo(createJsonLogger({ name: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT }));
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  Logger.log(`gateway for region ${config.REGION_ID} listening on http://${config.HOST}:${config.GATEWAY_PORT}`, 'Gateway');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
