import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { serviceUrls, Stack, Tenant } from '@restgw/testing';

const run = promisify(execFile);

/** The CLI records its mutating commands in the audit log as the API does (actor cli:<OS user>, source cli). */
describe('CLI audit entries', () => {
  let stack: Stack;
  let t: Tenant;

  const cli = (...args: string[]) =>
    run(process.execPath, [join(REPO_ROOT, 'dist/tools/cli/src/main.js'), ...args, '--json'], {
      env: { ...process.env, DATABASE_URL: stack.db.url, REDIS_URL: serviceUrls.redis, REDIS_KEY_PREFIX: stack.redisKeyPrefix },
    });
  const entries = () => stack.db.query<{ actor_type: string; actor: string; action: string; target: string; account_id: number; summary: unknown; source: string }>('SELECT * FROM audit_entries ORDER BY id');

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
    t = await stack.createTenant({ enableRegion: false });
  });
  afterAll(() => stack?.stop());

  it('writes one entry per mutating command, none for a read, and no password', async () => {
    const before = (await entries()).length;
    await cli('account', 'suspend', '--account', String(t.accountId));
    await cli('account', 'show', '--account', String(t.accountId));
    await cli('user', 'create', '--account', String(t.accountId), '--username', 'cli-user', '--password', 'cli-secret-password');
    const added = (await entries()).slice(before);
    expect(added).toEqual([
      {
        ...added[0],
        actor_type: 'cli',
        actor: `cli:${userInfo().username}`,
        action: 'account.suspend',
        target: `account/${t.accountId}`,
        account_id: t.accountId,
        summary: { account: String(t.accountId) },
        source: 'cli',
      },
      {
        ...added[1],
        actor_type: 'cli',
        action: 'user.create',
        target: `account/${t.accountId}/user/cli-user`,
        account_id: t.accountId,
        summary: { account: String(t.accountId), username: 'cli-user', password: '[redacted]' },
        source: 'cli',
      },
    ]);
    // The API lists the CLI's entries like its own.
    const listed = await stack.admin<{ entries: { action: string; source: string }[] }>('GET', '/admin/audit?actor=' + encodeURIComponent(`cli:${userInfo().username}`));
    expect(listed.entries.map((e) => [e.action, e.source])).toEqual([
      ['user.create', 'cli'],
      ['account.suspend', 'cli'],
    ]);
  }, 240_000); // one CLI process per command, slow to load on a loaded machine
});
