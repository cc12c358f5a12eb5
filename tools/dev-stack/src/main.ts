import { accountsConfigSpec, accountsOptions } from '@restgw/accounts';
import { controlConnectionsConfigSpec, controlConnectionsOptions, ensureDatabase, migrateDatabase, writeStackConnections } from '@restgw/db';
import { env, loadConfig, MIGRATIONS_DIR } from '@restgw/platform';
import { join } from 'node:path';
import { OwnKafka, startEmbeddedPostgres, type EmbeddedDatabase } from '@restgw/testing';
import { curlExamples } from './curl-examples';
import { seedDemo } from './demo-seed';
import { regionLayout, RegionLayout } from './region-layout';
import { SupervisedApp } from './supervised-app';

const spec = {
  ...controlConnectionsConfigSpec,
  ...accountsConfigSpec,
  /** Unset: embedded logs. Several regions: one broker list per region, separated by `;` (a region without one gets a broker of the recipe). */
  KAFKA_BROKERS: env.optionalStr(),
  CONTROL_PLANE_PORT: env.int({ default: 4440 }),
  /** The first region's gateway port; further regions get +10 each unless GATEWAY_PORTS lists them. */
  GATEWAY_PORT: env.int({ default: 4444 }),
  GATEWAY_PORTS: env.list({ default: [] }),
  /** Cluster profile, regions without brokers in KAFKA_BROKERS: the first recipe broker's port (controller: +1), +100 per further one. */
  KAFKA_RECIPE_PORT: env.optionalInt({ min: 1, max: 65534 }),
  /** The region of a one-region stack. */
  REGION_ID: env.str({ default: 'local-1' }),
  /** Several regions side by side (e.g. local-1,local-2): one control plane; per region a gateway, a region worker and a log. */
  REGIONS: env.list({ default: [] }),
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
 * `npm start`: migrations, demo seed, then the control plane and, per region
 * (REGIONS, default REGION_ID alone), a gateway and a region worker on the
 * region's own log, with curl commands that work as printed. Each part runs
 * locally unless its URL is set (the local profile): without DATABASE_URL an
 * embedded PostgreSQL under DATA_DIR, without KAFKA_BROKERS an embedded log
 * per region (the first in the stack's database, the others in databases of
 * their own on the same server), without REDIS_URL the shared state and
 * BullMQ's queues in the stack's database too.
 */
async function main(): Promise<void> {
  const databaseConfigured = Boolean(process.env.DATABASE_URL);
  const redisConfigured = Boolean(process.env.REDIS_URL);
  let embedded: EmbeddedDatabase | null = null;
  const brokers: OwnKafka[] = [];
  const c = loadConfig(spec);
  // Validated before anything starts: a bad REGIONS, GATEWAY_PORTS or KAFKA_BROKERS stops here.
  const layoutFor = (databaseUrl: string) =>
    regionLayout({ regions: c.REGIONS, regionId: c.REGION_ID, gatewayPorts: c.GATEWAY_PORTS, gatewayPort: c.GATEWAY_PORT, kafkaBrokers: c.KAFKA_BROKERS, databaseUrl, recipePort: c.KAFKA_RECIPE_PORT });
  layoutFor(c.DATABASE_URL);
  if (!databaseConfigured) {
    embedded = await startEmbeddedPostgres({ dataDir: c.DATA_DIR, port: c.EMBEDDED_POSTGRES_PORT, password: c.EMBEDDED_POSTGRES_PASSWORD, log: console.log });
    console.log(`[stack] embedded PostgreSQL on 127.0.0.1:${c.EMBEDDED_POSTGRES_PORT}, data in ${c.DATA_DIR}`);
  }
  const databaseUrl = embedded?.url ?? c.DATABASE_URL;
  const regions = layoutFor(databaseUrl);
  const multi = regions.length > 1;
  // Redis when REDIS_URL is set, else what it holds goes into the stack's database (keys are per region there too).
  const stateEnv: Record<string, string> = redisConfigured ? { REDIS_URL: c.REDIS_URL } : { STATE_DATABASE_URL: databaseUrl };

  let stopping = false;
  const apps: SupervisedApp[] = [];
  // Children are stopped on every way out, so none is left running (and holding its port) behind the stack.
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const app of [...apps].reverse()) await app.stop();
    for (const broker of brokers) await broker.stop().catch((e) => console.error(`[stack] stopping the broker on ${broker.brokers}: ${(e as Error).message}`));
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await ensureDatabase(databaseUrl);
  const migrations = await migrateDatabase(databaseUrl, MIGRATIONS_DIR);
  console.log(`[stack] database ready (${migrations.applied.length} migrations applied now)`);
  // Each region's log: an embedded one (its database created here), the brokers given, or a broker of the recipe.
  const logEnvs = new Map<string, Record<string, string>>();
  for (const r of regions) {
    if (r.log.kind === 'embedded') {
      await ensureDatabase(r.log.databaseUrl);
      // The embedded log serves one gateway process: its consumer-group leases live in that process.
      logEnvs.set(r.id, { EMBEDDED_LOG_DATABASE_URL: r.log.databaseUrl, CONSUME_LEASE_STORE: 'memory' });
    } else if (r.log.kind === 'kafka') {
      logEnvs.set(r.id, { KAFKA_BROKERS: r.log.brokers });
    } else {
      console.log(`[stack] starting a Kafka broker for region ${r.id} on 127.0.0.1:${r.log.port} (infra/kafka/kafka.sh, data in ${join(c.DATA_DIR, `kafka-${r.id}`)})`);
      const broker = await OwnKafka.start({ port: r.log.port, dataDir: join(c.DATA_DIR, `kafka-${r.id}`) }).catch(async (e) => {
        console.error(`[stack] the broker for region ${r.id} did not start: ${(e as Error).message}`);
        await stop(1);
        throw e;
      });
      brokers.push(broker);
      logEnvs.set(r.id, { KAFKA_BROKERS: broker.brokers });
    }
  }
  // For `npm run cli`: the same database, state store and key prefix as the apps, without variables.
  const connectionsFile = writeStackConnections(c.DATA_DIR, { DATABASE_URL: databaseUrl, ...stateEnv, REDIS_KEY_PREFIX: c.REDIS_KEY_PREFIX });

  const controlPlaneUrl = `http://127.0.0.1:${c.CONTROL_PLANE_PORT}`;
  const seed = {
    regions: regions.map((r) => ({ id: r.id, url: r.gatewayUrl })),
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
  apps.push(controlPlane);
  // One region keeps the names it always had; several carry their region's id.
  const named = (app: string, r: RegionLayout) => (multi ? `${app}-${r.id}` : app);
  const perRegion = regions.map((r) => {
    const gateway = new SupervisedApp(named('gateway', r), 'dist/apps/gateway/src/main.js', {
      ...shared,
      // Ctrl-C should not wait long for a consumer that took a batch and never asked again.
      CONSUME_DRAIN_TIMEOUT_MS: '2000',
      GATEWAY_PORT: String(r.gatewayPort),
      REGION_ID: r.id,
      CONTROL_PLANE_URL: controlPlaneUrl,
      ...logEnvs.get(r.id),
    }, log, earlyExit);
    const regionWorker = new SupervisedApp(named('region-worker', r), 'dist/apps/region-worker/src/main.js', {
      ...shared,
      REGION_ID: r.id,
      ...logEnvs.get(r.id),
    }, log, earlyExit);
    apps.push(gateway, regionWorker);
    return { r, gateway, regionWorker };
  });

  // Several Node processes load at once: on a busy 2-core machine three alone have taken over 30 s.
  const startupMs = 120_000 * regions.length;
  await controlPlane.current.waitReady(`${controlPlaneUrl}/readyz`, startupMs);
  for (const { r, gateway, regionWorker } of perRegion) {
    await gateway.current.waitReady(`${r.gatewayUrl}/readyz`, startupMs);
    await regionWorker.current.waitForOutput(/region-worker ready/, startupMs);
  }
  // From here on an app that dies is restarted and the others keep running (try a fault: kill -9 <pid>).
  for (const app of apps) app.supervise();
  const [first, ...others] = regions;
  const examples = curlExamples({
    gatewayUrl: first.gatewayUrl,
    otherGatewayUrls: others.map((r) => r.gatewayUrl),
    accountId,
    username: seed.username,
    password: seed.password,
    station: 'demo',
  });
  const logName = (r: RegionLayout) =>
    r.log.kind === 'embedded' ? `embedded (database ${new URL(r.log.databaseUrl).pathname.slice(1)})` : `Kafka ${logEnvs.get(r.id)!.KAFKA_BROKERS}${r.log.kind === 'recipe' ? ' (started by the stack)' : ''}`;
  const regionLines = multi
    ? regions.map((r) => `  region ${r.id}: gateway ${r.gatewayUrl}, region worker (queue region-${r.id}), log ${logName(r)}`)
    : [];
  console.log(
    [
      '',
      multi
        ? `restgw is running: control plane ${controlPlaneUrl}, ${regions.length} regions:`
        : `restgw is running: control plane ${controlPlaneUrl}, gateway (region ${first.id}) ${first.gatewayUrl}, region worker (queue region-${first.id})`,
      ...regionLines,
      `demo account ${accountId} (enabled in ${regions.map((r) => r.id).join(', ')}), user ${seed.username} / ${seed.password}; operator ${seed.operatorEmail} / ${seed.operatorPassword}`,
      `console: ${controlPlaneUrl}/console/ (sign in as ${seed.operatorEmail} / ${seed.operatorPassword})`,
      `database: ${embedded ? `embedded PostgreSQL (data in ${c.DATA_DIR})` : 'DATABASE_URL'}; log: ${multi ? 'one per region (above)' : logName(first).replace(/ \(database [^)]*\)$/, ' (in the database)')}; shared state and job queues: ${redisConfigured ? `Redis ${c.REDIS_URL}` : 'in the database'}`,
      `npm run cli -- <command> works on this stack (its connections are in ${connectionsFile})`,
      `apps: ${apps.map((a) => `${a.name} pid ${a.current.pid}`).join(', ')}; one that dies is restarted, the others keep running`,
      ...(multi ? [`fleet view: curl -s ${controlPlaneUrl}/admin/regions/<region>/instances -H "Authorization: Bearer <operator token>" (docs/operations.md)`] : []),
      '',
      multi ? 'Try it (bash; one login, the same token in every region):' : 'Try it (bash):',
      ...examples.map((e) => `  ${e}`),
      '',
      `Ctrl-C stops the apps${brokers.length ? ', the Kafka broker(s) it started' : ''}${embedded ? ' and the embedded PostgreSQL (data stays)' : ''}.`,
    ].join('\n'),
  );
  // From here on, app output goes to this terminal.
  for (const app of apps) app.pipeTo(process.stdout);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
