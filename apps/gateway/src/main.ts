import { Logger } from '@nestjs/common';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';
import { exitWithParent } from '@restgw/platform';

async function main(): Promise<void> {
  exitWithParent();
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.GATEWAY_PORT, config.HOST);
  Logger.log(`gateway for region ${config.REGION_ID} listening on http://${config.HOST}:${config.GATEWAY_PORT}`, 'Gateway');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
