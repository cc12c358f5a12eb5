import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { serviceUrls } from './service-urls';

// jest loads this file outside its module mapping, so no @restgw/* import here.
const REPO_ROOT = join(__dirname, '../../..');

/**
 * Before any test: dist/ is rebuilt (e2e tests run the built apps, as
 * production does), PostgreSQL and Redis answer, and the local Kafka broker
 * runs (started by the shared recipe unless KAFKA_BROKERS points elsewhere).
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'tools/scripts/build.js'), '--quiet'], { stdio: 'inherit' });

  const pg = new Client({ connectionString: serviceUrls.postgresAdmin });
  await pg.connect().catch((e) => {
    throw new Error(`PostgreSQL is not reachable at ${serviceUrls.postgresAdmin} (${e.message}); start it or set TEST_POSTGRES_URL`);
  });
  await pg.end();

  const redis = new Redis(serviceUrls.redis, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await redis.connect().then(
    () => redis.ping(),
    (e) => {
      throw new Error(`Redis is not reachable at ${serviceUrls.redis} (${e.message}); start it or set REDIS_URL`);
    },
  );
  redis.disconnect();

  if (!process.env.KAFKA_BROKERS) {
    const script = join(REPO_ROOT, 'infra/kafka/kafka.sh');
    if (!existsSync(script)) throw new Error('infra/kafka/kafka.sh is missing');
    execFileSync('bash', [script, 'start'], { stdio: 'inherit' });
  }
}
