import { exitWithParent } from '@restgw/platform';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Runs one embedded PostgreSQL server until SIGTERM/SIGINT, then stops it
 * cleanly (the data stays). A process of its own because embedded-postgres is
 * an ES module jest cannot load; OwnPostgres (own-services.ts) starts it.
 * Arguments: <dataDir> <port> <password>. Prints "ready" once it accepts connections.
 */
async function main(): Promise<void> {
  exitWithParent();
  const [dataDir, port, password] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port), password, log: (line) => console.error(line) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log('ready');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
