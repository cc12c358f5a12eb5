import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { createTestDatabase, freePort, serviceUrls, TestDatabase } from '@restgw/testing';

import { startDevStack } from './dev-stack-process';

const exec = promisify(execFile);

/** `npm start` prints curl commands; this runs them exactly as printed. */
describe('dev stack (npm start)', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  // Where the stack leaves its connection settings for the CLI (not the checkout's .data).
  const dataDir = mkdtempSync(join(tmpdir(), 'restgw-stack-'));

  beforeAll(async () => {
    // Migrated here so that the demo account gets a random id: every run on the shared broker (other
    // checkouts' too, at the same time) would otherwise produce to and consume from acct-1.demo.
    db = await createTestDatabase();
    await db.query(`ALTER SEQUENCE accounts_id_seq RESTART WITH ${1_000_000 + randomInt(1_000_000_000)}`);
    env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
      KAFKA_BROKERS: serviceUrls.kafkaBrokers.join(','),
      DATA_DIR: dataDir,
      CONTROL_PLANE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startStack = () => startDevStack(env);

  it('prints commands that authenticate, produce and consume as printed, and keeps data across restarts', async () => {
    const first = await startStack();
    try {
      expect(first.commands).toHaveLength(4);
      const { stdout } = await exec('bash', ['-c', `set -euo pipefail\n${first.commands.join('\necho\n')}`], { timeout: 30_000 });
      const outputs = stdout.split('\n').filter(Boolean);
      expect(outputs[0]).toBe('{"error":null,"success":true}');
      expect(outputs[1]).toBe('{"error":null,"success":true}');
      const consumed = JSON.parse(outputs[2]);
      expect(consumed.map((m: { message: string }) => m.message)).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      expect(consumed[0].headers['X-Demo']).toBe('yes');

      // The console's URL and operator sign-in work as printed.
      const [, consoleUrl, email, password] = /console: (\S+) \(sign in as (\S+) \/ (\S+)\)/.exec(first.banner) ?? [];
      expect((await fetch(consoleUrl)).status).toBe(200);
      const signIn = await fetch(new URL('/admin/session', consoleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(signIn.status).toBe(200);
      expect(JSON.stringify(consumed)).not.toMatch(/Bearer/);

      // Cluster profile: the CLI, given only DATA_DIR, finds the stack's DATABASE_URL and key prefix.
      const cliEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_KEY_PREFIX'].includes(k)));
      const cli = await exec(process.execPath, [join(REPO_ROOT, 'dist/tools/cli/src/main.js'), 'account', 'list', '--json'], { env: { ...cliEnv, DATA_DIR: dataDir } });
      expect(cli.stderr).toContain(`[cli] database ${db.url.replace(/:[^:@/]+@/, ':***@')} (from ${dataDir}/stack-connections.json, written by npm start)`);
      expect(JSON.parse(cli.stdout).map((a: { name: string }) => a.name)).toEqual(['demo']);
    } finally {
      await first.proc.stop('SIGINT');
    }
    // A second start reuses the seeded account (same id in the printed commands).
    const second = await startStack();
    try {
      expect(second.commands).toEqual(first.commands);
    } finally {
      await second.proc.stop('SIGINT');
    }
  }, 400_000); // two full stack starts; slow on a loaded 2-core machine
});
