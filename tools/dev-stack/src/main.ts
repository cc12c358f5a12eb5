import { accountsConfigSpec, accountsOptions } from '@restgw/accounts';
import { controlConnectionsConfigSpec, controlConnectionsOptions, ensureDatabase, migrateDatabase, writeStackConnections } from '@restgw/db';
import { env, loadConfig, MIGRATIONS_DIR } from '@restgw/platform';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@restgw/testing';
import { curlExamples } from './curl-examples';
import { seedDemo } from './demo-seed';
import { SupervisedApp } from './supervised-app';

const spec = {
  ...controlConnectionsConfigSpec,
  ...accountsConfigSpec,
  KAFKA_BROKERS: env.optionalStr(),
  CONTROL_PLANE_PORT: env.int({ default: 4440 }),
  GATEWAY_PORT: env.int({ default: 4444 }),
  REGION_ID: env.str({ default: 'local-1' }),
  DEMO_USERNAME: env.str({ default: 'demo' }),
  DEMO_PASSWORD: env.str({ default: 'demo-password' }),
  ADMIN_EMAIL: env.str({ default: 'admin@example.com' }),
  ADMIN_PASSWORD: env.str({ default: 'admin-password' }),
  /** Local profile: where the embedded PostgreSQL keeps its data. */
  DATA_DIR: env.str({ default: '.data' }),
  EMBEDDED_POSTGRES_PORT: env.int({ default: 5488, min: 1, max: 65535 }),
  /** The embedded server only listens on 127.0.0.1; the password keeps other local users out. */
  EMBEDDED_POSTGRES_PASSWORD: env.str({ default: 'restgw-local' }),
};

/**
 * `npm start`: migrations, demo seed, then the control plane, one region's
 * gateway and its region worker (station provisioning), with curl commands
 * that work as printed. Each part runs locally unless its URL is set (the
 * local profile): without DATABASE_URL an embedded PostgreSQL under DATA_DIR,
 * without KAFKA_BROKERS the embedded log in that database, without REDIS_URL
 * the shared state and BullMQ's queues in that database too.
 */
async function main(): Promise<void> {
  const databaseConfigured = Boolean(process.env.DATABASE_URL);
  const redisConfigured = Boolean(process.env.REDIS_URL);
  let embedded: EmbeddedDatabase | null = null;
  const c = loadConfig(spec);
  if (!databaseConfigured) {
    embedded = await startEmbeddedPostgres({ dataDir: c.DATA_DIR, port: c.EMBEDDED_POSTGRES_PORT, password: c.EMBEDDED_POSTGRES_PASSWORD, log: console.log });
    console.log(`[stack] embedded PostgreSQL on 127.0.0.1:${c.EMBEDDED_POSTGRES_PORT}, data in ${c.DATA_DIR}`);
  }
  const databaseUrl = embedded?.url ?? c.DATABASE_URL;
  // Kafka when KAFKA_BROKERS names a cluster, else the embedded log in the stack's database.
  // The embedded log serves one gateway process: its consumer-group leases live in that process.
  const logEnv: Record<string, string> = c.KAFKA_BROKERS
    ? { KAFKA_BROKERS: c.KAFKA_BROKERS }
    : { EMBEDDED_LOG_DATABASE_URL: databaseUrl, CONSUME_LEASE_STORE: 'memory' };
  // Redis when REDIS_URL is set, else what it holds goes into the stack's database.
  const stateEnv: Record<string, string> = redisConfigured ? { REDIS_URL: c.REDIS_URL } : { STATE_DATABASE_URL: databaseUrl };

  await ensureDatabase(databaseUrl);
  const migrations = await migrateDatabase(databaseUrl, MIGRATIONS_DIR);
  console.log(`[stack] database ready (${migrations.applied.length} migrations applied now)`);
  // For `npm run cli`: the same database, state store and key prefix as the apps, without variables.
  const connectionsFile = writeStackConnections(c.DATA_DIR, { DATABASE_URL: databaseUrl, ...stateEnv, REDIS_KEY_PREFIX: c.REDIS_KEY_PREFIX });

  const gatewayUrl = `http://127.0.0.1:${c.GATEWAY_PORT}`;
  const controlPlaneUrl = `http://127.0.0.1:${c.CONTROL_PLANE_PORT}`;
  const seed = {
    regionId: c.REGION_ID,
    regionUrl: gatewayUrl,
    operatorEmail: c.ADMIN_EMAIL,
    operatorPassword: c.ADMIN_PASSWORD,
    accountName: 'demo',
    username: c.DEMO_USERNAME,
    password: c.DEMO_PASSWORD,
  };
  const connections = controlConnectionsOptions({ ...c, DATABASE_URL: databaseUrl, STATE_DATABASE_URL: stateEnv.STATE_DATABASE_URL });
  const { accountId } = await seedDemo(connections, accountsOptions(c), seed);

  // Colored text for the developer's terminal; the apps write JSON lines everywhere else.
  const shared = { DATABASE_URL: databaseUrl, ...stateEnv, REDIS_KEY_PREFIX: c.REDIS_KEY_PREFIX, TOKEN_ISSUER: c.TOKEN_ISSUER, LOG_FORMAT: 'pretty' };
  let stopping = false;
  const earlyExit = (app: SupervisedApp, code: number | null) => {
    if (stopping) return;
    console.error(`[stack] ${app.name} exited (${code}) while the stack was starting; last output:\n${app.current.logs()}`);
    void stop(1);
  };
  const log = (line: string) => console.log(line);
  const controlPlane = new SupervisedApp('control-plane', 'dist/apps/control-plane/src/main.js', {
    ...shared,
    CONTROL_PLANE_PORT: String(c.CONTROL_PLANE_PORT),
    DEFAULT_ACCOUNT_ID: String(accountId),
  }, log, earlyExit);
  const gateway = new SupervisedApp('gateway', 'dist/apps/gateway/src/main.js', {
    ...shared,
    // Ctrl-C should not wait long for a consumer that took a batch and never asked again.
    CONSUME_DRAIN_TIMEOUT_MS: '2000',
    GATEWAY_PORT: String(c.GATEWAY_PORT),
    REGION_ID: c.REGION_ID,
    CONTROL_PLANE_URL: controlPlaneUrl,
    ...logEnv,
  }, log, earlyExit);
  const regionWorker = new SupervisedApp('region-worker', 'dist/apps/region-worker/src/main.js', {
    ...shared,
    REGION_ID: c.REGION_ID,
    ...logEnv,
  }, log, earlyExit);
  const apps = [controlPlane, gateway, regionWorker];
  // Children are stopped on every way out, so none is left running (and holding its port) behind the stack.
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await gateway.stop();
    await regionWorker.stop();
    await controlPlane.stop();
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  // Three Node processes load at once: on a busy 2-core machine that alone has taken over 30 s.
  const startupMs = 120_000;
  await controlPlane.current.waitReady(`${controlPlaneUrl}/readyz`, startupMs);
  await gateway.current.waitReady(`${gatewayUrl}/readyz`, startupMs);
  await regionWorker.current.waitForOutput(/region-worker ready/, startupMs);
  // From here on an app that dies is restarted and the others keep running (try a fault: kill -9 <pid>).
  for (const app of apps) app.supervise();
  const examples = curlExamples({ gatewayUrl, accountId, username: seed.username, password: seed.password, station: 'demo' });
  console.log(
    [
      '',
      `restgw is running: control plane ${controlPlaneUrl}, gateway (region ${c.REGION_ID}) ${gatewayUrl}, region worker (queue region-${c.REGION_ID})`,
      `demo account ${accountId}, user ${seed.username} / ${seed.password}; operator ${seed.operatorEmail} / ${seed.operatorPassword}`,
      `database: ${embedded ? `embedded PostgreSQL (data in ${c.DATA_DIR})` : 'DATABASE_URL'}; log: ${c.KAFKA_BROKERS ? `Kafka ${c.KAFKA_BROKERS}` : 'embedded (in the database)'}; shared state and job queues: ${redisConfigured ? `Redis ${c.REDIS_URL}` : 'in the database'}`,
      `npm run cli -- <command> works on this stack (its connections are in ${connectionsFile})`,
      `apps: ${apps.map((a) => `${a.name} pid ${a.current.pid}`).join(', ')}; one that dies is restarted, the others keep running`,
      '',
      'Try it (bash):',
      ...examples.map((e) => `  ${e}`),
      '',
      `Ctrl-C stops the apps${embedded ? ' and the embedded PostgreSQL (data stays)' : ''}.`,
    ].join('\n'),
  );
  // From here on, app output goes to this terminal.
  for (const app of apps) app.pipeTo(process.stdout);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
