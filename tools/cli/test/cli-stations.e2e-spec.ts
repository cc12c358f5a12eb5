import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { serviceUrls, Stack, Tenant } from '@restgw/testing';

const run = promisify(execFile);

/** The station/schema commands of the CLI, on a stack's database and Redis, provisioned by its region worker. */
describe('CLI station and schema commands', () => {
  let stack: Stack;
  let t: Tenant;

  const cli = async (...args: string[]): Promise<{ code: number; out: any; err: string }> => {
    try {
      const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'dist/tools/cli/src/main.js'), ...args, '--json'], {
        env: { ...process.env, DATABASE_URL: stack.db.url, REDIS_URL: serviceUrls.redis, REDIS_KEY_PREFIX: stack.redisKeyPrefix },
      });
      return { code: 0, out: JSON.parse(stdout), err: '' };
    } catch (e) {
      const err = e as { code: number; stderr: string };
      // stderr starts with the CLI's '[cli] database ...' line; the error document is the last line.
      return { code: err.code, out: null, err: err.stderr.trim().split('\n').at(-1) ?? '' };
    }
  };

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false });
    t = await stack.createTenant();
  });
  afterAll(() => stack?.stop());

  it('creates, shows, updates, attaches a schema to and deletes a station', async () => {
    const acct = String(t.accountId);
    const created = await cli('station', 'create', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders', '--partitions', '2', '--retention-ms', '60000');
    expect(created.out).toMatchObject({ name: 'cli-orders', partitions: 2, retention_ms: 60000, status: 'provisioning' });

    const deadline = Date.now() + 15_000;
    let shown = await cli('station', 'show', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders');
    while (shown.out.status !== 'active' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      shown = await cli('station', 'show', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders');
    }
    expect(shown.out.status).toBe('active');

    const updated = await cli('station', 'update', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders', '--retention-ms', 'default');
    expect(updated.out).toMatchObject({ retention_ms: null, version: 2 });

    const dir = mkdtempSync(join(tmpdir(), 'cli-schema-'));
    const file = join(dir, 'order.json');
    writeFileSync(file, JSON.stringify({ type: 'object', required: ['id'] }));
    const schema = await cli('schema', 'create', '--account', acct, '--name', 'order', '--type', 'json', '--definition-file', file);
    expect(schema.out).toMatchObject({ name: 'order', type: 'json', versions: [{ version: 1 }] });
    const v2 = await cli('schema', 'add-version', '--account', acct, '--schema', schema.out.id, '--definition', '{"type":"object"}');
    expect(v2.out.versions).toHaveLength(2);
    const bad = await cli('schema', 'create', '--account', acct, '--name', 'bad', '--type', 'json', '--definition', '{"type": 1}');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err).error).toMatch(/does not compile/);
    expect((await cli('schema', 'list', '--account', acct)).out).toHaveLength(1);
    expect((await cli('schema', 'show', '--account', acct, '--schema', schema.out.id)).out.id).toBe(schema.out.id);

    const attached = await cli('station', 'attach-schema', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders', '--schema', schema.out.id);
    expect(attached.out.schema_id).toBe(schema.out.id);
    expect((await cli('station', 'detach-schema', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders')).out.schema_id).toBeNull();

    expect((await cli('account', 'station-policy', '--account', acct, '--auto-create', 'false', '--quota', '1')).out).toMatchObject({ auto_create: false, station_quota: 1 });
    const over = await cli('station', 'create', '--account', acct, '--region', stack.regionId, '--name', 'second');
    expect(JSON.parse(over.err).error).toBe(`Station quota of 1 reached for account ${acct}`);

    expect((await cli('station', 'delete', '--account', acct, '--region', stack.regionId, '--name', 'cli-orders')).out.status).toBe('deleting');
    const list = await cli('station', 'list', '--account', acct);
    expect(list.out.map((s: { name: string }) => s.name)).toEqual(['cli-orders']);
  }, 240_000); // a dozen CLI processes, each ~15 s to load on a loaded 2-core machine
});
