import { Logger } from '@nestjs/common';
import { DEV_SIGNING_KEY_SECRET } from '@restgw/accounts';
import { createJsonLogger, exitAfterDeadline, exitWithParent, routeConsoleTo } from '@restgw/platform';
import { createControlPlaneApp } from './control-plane.app';
import { loadControlPlaneConfig } from './control-plane.config';
import { attachOperatorListener } from './listeners/operator-listener';

/** A stop that hangs on a dependency (PostgreSQL or Redis down) ends after this. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  exitWithParent();
  const config = loadControlPlaneConfig();
  exitAfterDeadline(SHUTDOWN_DEADLINE_MS);
  // Libraries that print (kafkajs, BullMQ) write JSON lines like the app.
  routeConsoleTo(createJsonLogger({ name: 'control-plane', level: config.LOG_LEVEL, format: config.LOG_FORMAT }));
  // Created first: from here on Nest's Logger writes the app's JSON lines.
  const app = await createControlPlaneApp(config);
  if (config.SIGNING_KEY_SECRET === DEV_SIGNING_KEY_SECRET) {
    Logger.warn('SIGNING_KEY_SECRET is the development default; set it for any shared deployment', 'ControlPlane');
  }
  const operatorHost = config.CONTROL_PLANE_OPERATOR_HOST ?? config.HOST;
  const operatorListener =
    config.CONTROL_PLANE_OPERATOR_PORT === undefined ? undefined : attachOperatorListener(app, { port: config.CONTROL_PLANE_OPERATOR_PORT, host: operatorHost });
  await app.listen(config.CONTROL_PLANE_PORT, config.HOST);
  Logger.log(`control plane listening on http://${config.HOST}:${config.CONTROL_PLANE_PORT}`, 'ControlPlane');
  if (operatorListener) {
    const port = await operatorListener.start();
    Logger.log(`control plane operator routes (/admin, /internal, /openapi.json, /docs) on http://${operatorHost}:${port} only`, 'ControlPlane');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
