import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { accountsConfigSpec, accountsOptions } from '@restgw/accounts';
import { ensureDatabase, migrateDatabase } from '@restgw/db';
import { env, loadConfig, MIGRATIONS_DIR, REPO_ROOT } from '@restgw/platform';
import { AppProcess } from '@restgw/testing';
import { curlExamples } from './curl-examples';
import { seedDemo } from './demo-seed';

const spec = {
  ...accountsConfigSpec,
  KAFKA_BROKERS: env.optionalStr(),
  CONTROL_PLANE_PORT: env.int({ default: 4440 }),
  GATEWAY_PORT: env.int({ default: 4444 }),
  REGION_ID: env.str({ default: 'local-1' }),
  DEMO_USERNAME: env.str({ default: 'demo' }),
  DEMO_PASSWORD: env.str({ default: 'demo-password' }),
  ADMIN_EMAIL: env.str({ default: 'admin@example.com' }),
  ADMIN_PASSWORD: env.str({ default: 'admin-password' }),
};

/**
 * `npm start`: Kafka (local recipe unless KAFKA_BROKERS is set), migrations,
 * demo seed, then the control plane, one region's gateway and its region
 * worker (station provisioning), with curl commands that work as printed.
 */
async function main(): Promise<void> {
  const c = loadConfig(spec);
  const kafkaBrokers = c.KAFKA_BROKERS ?? '127.0.0.1:9092';
  if (!c.KAFKA_BROKERS) execFileSync('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'start'], { stdio: 'inherit' });

  await ensureDatabase(c.DATABASE_URL);
  const migrations = await migrateDatabase(c.DATABASE_URL, MIGRATIONS_DIR);
  console.log(`[stack] database ready (${migrations.applied.length} migrations applied now)`);

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
  const { accountId } = await seedDemo(accountsOptions(c), seed);

  const shared = { DATABASE_URL: c.DATABASE_URL, REDIS_URL: c.REDIS_URL, REDIS_KEY_PREFIX: c.REDIS_KEY_PREFIX, TOKEN_ISSUER: c.TOKEN_ISSUER };
  const controlPlane = new AppProcess('control-plane', 'dist/apps/control-plane/src/main.js', {
    ...shared,
    CONTROL_PLANE_PORT: String(c.CONTROL_PLANE_PORT),
    DEFAULT_ACCOUNT_ID: String(accountId),
  });
  const gateway = new AppProcess('gateway', 'dist/apps/gateway/src/main.js', {
    ...shared,
    GATEWAY_PORT: String(c.GATEWAY_PORT),
    REGION_ID: c.REGION_ID,
    CONTROL_PLANE_URL: controlPlaneUrl,
    KAFKA_BROKERS: kafkaBrokers,
  });
  const regionWorker = new AppProcess('region-worker', 'dist/apps/region-worker/src/main.js', {
    ...shared,
    REGION_ID: c.REGION_ID,
    KAFKA_BROKERS: kafkaBrokers,
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await gateway.stop();
    await regionWorker.stop();
    await controlPlane.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const p of [controlPlane, gateway, regionWorker]) void p.exited.then((code) => stopping || exitWith(p, code));

  await controlPlane.waitReady(`${controlPlaneUrl}/readyz`);
  await gateway.waitReady(`${gatewayUrl}/readyz`);
  await regionWorker.waitForOutput(/region-worker ready/);
  const examples = curlExamples({ gatewayUrl, accountId, username: seed.username, password: seed.password, station: 'demo' });
  console.log(
    [
      '',
      `restgw is running: control plane ${controlPlaneUrl}, gateway (region ${c.REGION_ID}) ${gatewayUrl}, region worker (queue region-${c.REGION_ID})`,
      `demo account ${accountId}, user ${seed.username} / ${seed.password}; operator ${seed.operatorEmail} / ${seed.operatorPassword}`,
      '',
      'Try it (bash):',
      ...examples.map((e) => `  ${e}`),
      '',
      'Ctrl-C stops the apps (Kafka keeps running: npm run kafka -- stop).',
    ].join('\n'),
  );
  // From here on, app output goes to this terminal.
  for (const p of [controlPlane, gateway, regionWorker]) p.pipeTo(process.stdout);
}

function exitWith(p: AppProcess, code: number | null): void {
  console.error(`[stack] ${p.name} exited (${code}); last output:\n${p.logs()}`);
  process.exit(1);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
