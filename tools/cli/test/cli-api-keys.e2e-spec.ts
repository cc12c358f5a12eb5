import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { requestJson, serviceUrls, Stack } from '@restgw/testing';

const run = promisify(execFile);

/**
 * API keys from the CLI (issue 14 item 1): the documented commands create
 * keys that work at once (an operator key on the admin API, a customer key at
 * the gateway), list them without the key, revoke them, and audit as the CLI.
 */
describe('CLI api-key and customer-key commands', () => {
  let stack: Stack;

  const cli = async (...args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [join(REPO_ROOT, 'dist/tools/cli/src/main.js'), ...args, '--json'], {
      env: { ...process.env, DATABASE_URL: stack.db.url, REDIS_URL: serviceUrls.redis, REDIS_KEY_PREFIX: stack.redisKeyPrefix },
    });
    return { out: JSON.parse(stdout), stdout, stderr };
  };

  beforeAll(async () => {
    stack = await Stack.start();
  }, 90_000);
  afterAll(() => stack?.stop());

  it('operator keys: create prints the key once, the key works on the admin API within its scopes, list hides it, revoke ends it', async () => {
    const { out: created, stderr } = await cli('api-key', 'create', '--name', 'ci', '--scopes', 'admin:read,regions:write');
    expect(created.key).toMatch(/^rgw_op_/);
    expect(stderr).not.toContain(created.key);
    const read = await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: { authorization: `Bearer ${created.key}` } });
    expect(read.status).toBe(200);
    const write = await requestJson(`${stack.operatorUrl}/admin/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(write.status).toBe(403);
    const { out: list, stdout } = await cli('api-key', 'list');
    expect(stdout).not.toContain(created.key);
    expect(list).toEqual([expect.objectContaining({ id: created.id, prefix: created.prefix, scopes: ['admin:read', 'regions:write'], created_by: `cli:${userInfo().username}` })]);
    await cli('api-key', 'revoke', '--id', created.id);
    expect((await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: { authorization: `Bearer ${created.key}` } })).status).toBe(401);
    await expect(cli('api-key', 'create', '--name', 'bad', '--scopes', 'root')).rejects.toMatchObject({ stderr: expect.stringContaining('Unknown scope root') });
  }, 240_000);

  it('customer keys: the key produces at the gateway within its patterns; revoke refuses it within seconds', async () => {
    const t = await stack.createTenant();
    const { out: created } = await cli('customer-key', 'create', '--account', String(t.accountId), '--name', 'ingest', '--scopes', 'produce', '--stations', 'orders-*,events');
    expect(created).toEqual(expect.objectContaining({ key: expect.stringMatching(/^rgw_ck_/), account_id: t.accountId, scopes: ['produce'], stations: ['orders-*', 'events'] }));
    const produce = (station: string) =>
      requestJson(`${stack.gatewayUrl}/stations/${station}/produce/single`, { method: 'POST', headers: { authorization: `Bearer ${created.key}`, 'content-type': 'text/plain' }, body: 'x' });
    expect((await produce('orders-1')).status).toBe(200);
    expect((await produce('payments')).status).toBe(403);
    const { out: list } = await cli('customer-key', 'list', '--account', String(t.accountId));
    expect(list.map((k: { id: string }) => k.id)).toEqual([created.id]);
    await cli('customer-key', 'revoke', '--account', String(t.accountId), '--id', created.id);
    const started = Date.now();
    while ((await produce('orders-1')).status !== 401) {
      if (Date.now() - started > 5_000) throw new Error('revoked customer key still accepted after 5 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Audited as the CLI, never with the key.
    const entries = await stack.db.query<{ action: string; actor_type: string; target: string; summary: unknown }>(
      `SELECT action, actor_type, target, summary FROM audit_entries WHERE action LIKE '%key%' ORDER BY id`,
    );
    expect(entries.map((e) => [e.action, e.actor_type])).toEqual([
      ['api-key.create', 'cli'],
      ['api-key.revoke', 'cli'],
      ['customer-key.create', 'cli'],
      ['customer-key.revoke', 'cli'],
    ]);
    expect(entries[2].target).toBe(`account/${t.accountId}/api-key/${created.id}`);
    expect(JSON.stringify(entries)).not.toContain(created.key);
  }, 240_000);
});
