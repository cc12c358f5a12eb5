import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { freePort } from '@restgw/testing';

import { startDevStack } from './dev-stack-process';

const exec = promisify(execFile);

/**
 * Issue 14 item 6: right after `npm start` (local profile: embedded PostgreSQL
 * on its own port), the CLI commands of docs/operations.md work from the same
 * directory with no variables, on the stack's database, and say which one.
 * The stack's DATA_DIR is `<dir>/.data` and the CLI runs in `<dir>` with none
 * of DATA_DIR, DATABASE_URL, REDIS_URL or STATE_DATABASE_URL set.
 */
describe('CLI against a running npm start stack (local profile)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'restgw-cli-stack-'));
  const saved = { DATABASE_URL: process.env.DATABASE_URL, KAFKA_BROKERS: process.env.KAFKA_BROKERS, REDIS_URL: process.env.REDIS_URL };
  let env: Record<string, string>;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // As root the embedded server's user must traverse <dir> to reach <dir>/.data (mkdtemp makes it 0700).
    chmodSync(dir, 0o711);
    delete process.env.DATABASE_URL;
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    env = {
      DATA_DIR: join(dir, '.data'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
      CONTROL_PLANE_PORT: String(await freePort()),
      GATEWAY_PORT: String(await freePort()),
    };
    cliEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !['DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'STATE_DATABASE_URL', 'REDIS_KEY_PREFIX'].includes(k)),
    );
  });
  afterAll(() => {
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  /** `npm run cli -- <args>` as the docs write it, run in the stack's directory. */
  const cli = async (line: string): Promise<{ code: number; out: string; err: string }> => {
    try {
      const { stdout, stderr } = await exec('bash', ['-c', `node ${join(REPO_ROOT, 'dist/tools/cli/src/main.js')} ${line}`], { cwd: dir, env: cliEnv, timeout: 120_000 });
      return { code: 0, out: stdout, err: stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout, err: err.stderr };
    }
  };
  const json = async (line: string) => {
    const r = await cli(`${line} --json`);
    if (r.code !== 0) throw new Error(`cli ${line} exited ${r.code}: ${r.err}`);
    return JSON.parse(r.out);
  };

  it('runs the documented commands on the stack database and says which database that is', async () => {
    const stack = await startDevStack(env);
    const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    const login = (username: string, password: string, accountId: number) =>
      fetch(`${gateway}/auth/authenticate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, account_id: accountId }) });
    try {
      expect(stack.banner).toContain(`npm run cli -- <command> works on this stack`);
      expect(statSync(join(env.DATA_DIR, 'stack-connections.json')).mode & 0o077).toBe(0);

      const listed = await cli('account list --json');
      expect(listed.code).toBe(0);
      expect(listed.err).toContain(`[cli] database postgresql://postgres:***@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/restgw (from .data/stack-connections.json, written by npm start); shared state: in that database`);
      expect(listed.err).not.toContain('restgw-local'); // the password is masked
      expect(JSON.parse(listed.out).map((a: { name: string }) => a.name)).toContain('demo');

      expect((await json(`operator create --email ops@example.com --password 'long-password'`)).email).toBe('ops@example.com');
      expect(await json('region register --id aws-eu-central-1 --url https://aws-eu-central-1.restgw.example.com')).toMatchObject({ id: 'aws-eu-central-1' });
      const acme = await json('account create --name acme');
      const acct = acme.id as number;
      await json(`account enable-region --account ${acct} --region local-1`);
      await json(`user create --account ${acct} --username orders --password 'orders-password'`);
      // The gateway of the stack accepts the user the CLI created: the same database and state store.
      expect((await login('orders', 'orders-password', acct)).status).toBe(200);

      await json(`account station-policy --account ${acct} --auto-create false --quota 20`);
      expect(await json(`station create --account ${acct} --region local-1 --name orders --partitions 3 --retention-ms 86400000`)).toMatchObject({ status: 'provisioning' });
      // The stack's region worker provisions it from the CLI's job.
      const deadline = Date.now() + 20_000;
      let shown = await json(`station show --account ${acct} --region local-1 --name orders`);
      while (shown.status !== 'active' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300));
        shown = await json(`station show --account ${acct} --region local-1 --name orders`);
      }
      expect(shown.status).toBe('active');
      expect(await json(`station update --account ${acct} --region local-1 --name orders --retention-ms default --partitions 6`)).toMatchObject({ partitions: 6, retention_ms: null });
      expect((await json(`station list --account ${acct}`)).map((s: { name: string }) => s.name)).toEqual(['orders']);
      await json(`station delete --account ${acct} --region local-1 --name orders`);

      await json(`user disable --account ${acct} --username orders`);
      expect((await login('orders', 'orders-password', acct)).status).toBe(401);
      expect(await json(`account suspend --account ${acct}`)).toMatchObject({ status: 'suspended' });

      const bad = await cli('account show --account 999999999 --json');
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.out.trim() || bad.err.split('\n').filter(Boolean).pop()!)).toHaveProperty('error');
    } finally {
      await stack.proc.stop('SIGINT');
    }
  }, 900_000); // a full stack start on a loaded 2-core machine, then some 20 CLI processes (each loads Nest and Prisma: 15 s at a load average of 20)
});
