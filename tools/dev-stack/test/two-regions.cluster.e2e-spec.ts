import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { createTestDatabase, freePort, serviceUrls, TestDatabase } from '@restgw/testing';

import { startDevStack } from './dev-stack-process';

const exec = promisify(execFile);

/**
 * Issue 14 item 4, cluster profile: `npm start` with REGIONS=local-1,local-2
 * and KAFKA_BROKERS naming one broker list (the machine's Kafka, for
 * local-1): the stack starts a second broker from infra/kafka/kafka.sh for
 * local-2, on its own port (KAFKA_RECIPE_PORT) and data directory, and stops
 * it with Ctrl-C. The printed commands work as printed in both regions.
 */
describe('dev stack with two regions, cluster profile (a recipe broker for the second region)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let recipePort: number;
  const dataDir = mkdtempSync(join(tmpdir(), 'restgw-regions-cluster-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    // Region 1 shares the machine's broker with other runs: a random account id keeps its topic apart.
    await db.query(`ALTER SEQUENCE accounts_id_seq RESTART WITH ${1_000_000 + randomInt(1_000_000_000)}`);
    recipePort = await freePort();
    env = {
      REGIONS: 'local-1,local-2',
      GATEWAY_PORTS: `${await freePort()},${await freePort()}`,
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
      KAFKA_BROKERS: serviceUrls.kafkaBrokers.join(','),
      KAFKA_RECIPE_PORT: String(recipePort),
      DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    // Should the stack have died without stopping it: the broker of its data directory is stopped here.
    await exec('bash', [join(REPO_ROOT, 'infra/kafka/kafka.sh'), 'stop'], { env: { ...process.env, KAFKA_PORT: String(recipePort), KAFKA_DATA_DIR: join(dataDir, 'kafka-local-2') } }).catch(() => undefined);
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const portOpen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });

  it('starts a broker for local-2, runs the printed commands in both regions, and stops the broker with the stack', async () => {
    const stack = await startDevStack(env, 400_000);
    try {
      expect(stack.banner).toContain(`region local-1: gateway http://127.0.0.1:${env.GATEWAY_PORTS.split(',')[0]}, region worker (queue region-local-1), log Kafka ${env.KAFKA_BROKERS}`);
      expect(stack.banner).toContain(`region local-2: gateway http://127.0.0.1:${env.GATEWAY_PORTS.split(',')[1]}, region worker (queue region-local-2), log Kafka 127.0.0.1:${recipePort} (started by the stack)`);
      expect(await portOpen(recipePort)).toBe(true);
      const { stdout } = await exec('bash', ['-c', `set -euo pipefail\n${stack.commands.join('\necho\n')}`], { timeout: 60_000 });
      const out = stdout.split('\n').filter(Boolean);
      const messages = (line: string) => JSON.parse(line).map((m: { message: string }) => m.message);
      expect([out[0], out[1], out[3], out[4]]).toEqual(Array(4).fill('{"error":null,"success":true}'));
      expect(messages(out[2])).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      // The first consumer group on a broker started a moment ago waits for the broker's group
      // coordinator (its offsets topic is created then), which can outlast the printed 2 s wait on a
      // loaded machine: the printed consume is repeated, as printed, until the group has joined.
      let second = messages(out[5]);
      const deadline = Date.now() + 90_000;
      while (second.length === 0 && Date.now() < deadline) {
        const again = await exec('bash', ['-c', `set -euo pipefail\n${stack.commands[0]}\n${stack.commands[6]}`], { timeout: 60_000 });
        second = messages(again.stdout.trim());
      }
      if (second.length === 0) throw new Error(`region local-2 never delivered; the stack's output:\n${stack.proc.logs()}`);
      expect(second).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      expect(JSON.parse(out[6]).map((r: { id: string }) => r.id)).toEqual(['local-1', 'local-2']);
    } finally {
      await stack.proc.stop('SIGINT', 90_000); // the broker stops with the stack (SIGTERM, then up to 30 s)
    }
    expect(await portOpen(recipePort)).toBe(false);
  }, 600_000);
});
