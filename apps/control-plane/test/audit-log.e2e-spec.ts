import { requestJson, Stack, Tenant } from '@restgw/testing';

interface Entry {
  id: string;
  actor_type: string;
  actor_id: string | null;
  actor: string;
  action: string;
  target: string;
  account_id: number | null;
  summary: Record<string, unknown>;
  source: string;
}

/** One mutating admin route: how to call it, and the entry it must write. Add a row for every new mutating route. */
interface AuditedCase {
  method: string;
  path: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  action: string;
  target: (c: Ctx) => string;
  /** Keeps what later rows need (an id the route created). */
  keep?: (c: Ctx, result: any) => void;
}

interface Ctx {
  stack: Stack;
  t: Tenant;
  a: number;
  region: string;
  schemaId: string;
  createdAccount: number;
}

const OTHER_REGION = 'audit-region-1';

const CASES: AuditedCase[] = [
  { method: 'PUT', path: () => '/admin/regions', body: () => ({ id: OTHER_REGION, url: 'http://127.0.0.1:1' }), action: 'region.register', target: () => `region/${OTHER_REGION}` },
  { method: 'PUT', path: () => '/admin/regions/audit-region-2', body: () => ({ url: 'http://127.0.0.1:2' }), action: 'region.put', target: () => 'region/audit-region-2' },
  { method: 'DELETE', path: () => '/admin/regions/audit-region-2', action: 'region.delete', target: () => 'region/audit-region-2' },
  {
    method: 'POST',
    path: () => '/admin/accounts',
    body: () => ({ name: 'audited account' }),
    action: 'account.create',
    target: (c) => `account/${c.createdAccount}`,
    keep: (c, r) => (c.createdAccount = r.id),
  },
  { method: 'POST', path: (c) => `/admin/accounts/${c.a}/suspend`, action: 'account.suspend', target: (c) => `account/${c.a}` },
  { method: 'POST', path: (c) => `/admin/accounts/${c.a}/activate`, action: 'account.activate', target: (c) => `account/${c.a}` },
  { method: 'PUT', path: (c) => `/admin/accounts/${c.a}/regions/${OTHER_REGION}`, action: 'account.enable-region', target: (c) => `account/${c.a}/region/${OTHER_REGION}` },
  { method: 'DELETE', path: (c) => `/admin/accounts/${c.a}/regions/${OTHER_REGION}`, action: 'account.disable-region', target: (c) => `account/${c.a}/region/${OTHER_REGION}` },
  {
    method: 'POST',
    path: (c) => `/admin/accounts/${c.a}/users`,
    body: () => ({ username: 'audited-user', password: 'a-secret-password' }),
    action: 'user.create',
    target: (c) => `account/${c.a}/user/audited-user`,
  },
  { method: 'POST', path: (c) => `/admin/accounts/${c.a}/users/audited-user/disable`, action: 'user.disable', target: (c) => `account/${c.a}/user/audited-user` },
  { method: 'POST', path: (c) => `/admin/accounts/${c.a}/users/audited-user/enable`, action: 'user.enable', target: (c) => `account/${c.a}/user/audited-user` },
  {
    method: 'POST',
    path: (c) => `/admin/accounts/${c.a}/users/audited-user/password`,
    body: () => ({ password: 'a-secret-password-2' }),
    action: 'user.reset-password',
    target: (c) => `account/${c.a}/user/audited-user`,
  },
  { method: 'POST', path: (c) => `/admin/accounts/${c.a}/users/audited-user/revoke-tokens`, action: 'user.revoke-tokens', target: (c) => `account/${c.a}/user/audited-user` },
  {
    method: 'PUT',
    path: (c) => `/admin/accounts/${c.a}/station-policy`,
    body: () => ({ auto_create: true, station_quota: 10 }),
    action: 'account.station-policy',
    target: (c) => `account/${c.a}`,
  },
  {
    method: 'PATCH',
    path: (c) => `/admin/accounts/${c.a}/limits`,
    body: () => ({ produce_messages_per_second: 100, monthly_messages_quota: 1_000_000 }),
    action: 'account.limits',
    target: (c) => `account/${c.a}/limits`,
  },
  {
    method: 'PUT',
    path: (c) => `/admin/accounts/${c.a}/limits/stations/audited-station`,
    body: () => ({ requests_per_second: 5 }),
    action: 'station.limits',
    target: (c) => `account/${c.a}/limits/station/audited-station`,
  },
  {
    method: 'DELETE',
    path: (c) => `/admin/accounts/${c.a}/limits/stations/audited-station`,
    action: 'station.clear-limits',
    target: (c) => `account/${c.a}/limits/station/audited-station`,
  },
  {
    method: 'POST',
    path: (c) => `/admin/accounts/${c.a}/schemas`,
    body: () => ({ name: 'audited-schema', type: 'json', definition: '{"type":"object"}' }),
    action: 'schema.create',
    target: (c) => `account/${c.a}/schema/${c.schemaId}`,
    keep: (c, r) => (c.schemaId = r.id),
  },
  {
    method: 'POST',
    path: (c) => `/admin/accounts/${c.a}/schemas/${c.schemaId}/versions`,
    body: () => ({ definition: '{"type":"object","required":["id"]}' }),
    action: 'schema.add-version',
    target: (c) => `account/${c.a}/schema/${c.schemaId}`,
  },
  {
    method: 'POST',
    path: (c) => `/admin/accounts/${c.a}/stations`,
    body: (c) => ({ region_id: c.region, name: 'audited-station' }),
    action: 'station.create',
    target: (c) => `account/${c.a}/station/${c.region}/audited-station`,
  },
  {
    method: 'PATCH',
    path: (c) => `/admin/accounts/${c.a}/stations/${c.region}/audited-station`,
    body: () => ({ retention_ms: 60000 }),
    action: 'station.update',
    target: (c) => `account/${c.a}/station/${c.region}/audited-station`,
  },
  {
    method: 'PUT',
    path: (c) => `/admin/accounts/${c.a}/stations/${c.region}/audited-station/schema`,
    body: (c) => ({ schema_id: c.schemaId }),
    action: 'station.attach-schema',
    target: (c) => `account/${c.a}/station/${c.region}/audited-station`,
  },
  {
    method: 'DELETE',
    path: (c) => `/admin/accounts/${c.a}/stations/${c.region}/audited-station/schema`,
    action: 'station.detach-schema',
    target: (c) => `account/${c.a}/station/${c.region}/audited-station`,
  },
  {
    method: 'DELETE',
    path: (c) => `/admin/accounts/${c.a}/stations/${c.region}/audited-station`,
    action: 'station.delete',
    target: (c) => `account/${c.a}/station/${c.region}/audited-station`,
  },
];

/** The audit log (issue 16 item 4) on a real control plane and PostgreSQL. */
describe('audit log', () => {
  let stack: Stack;
  const ctx = {} as Ctx;

  const count = async () => Number((await stack.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_entries'))[0].n);
  const newest = async (): Promise<Entry> => (await stack.admin<{ entries: Entry[] }>('GET', '/admin/audit?limit=1')).entries[0];
  const call = (method: string, path: string, body?: unknown) =>
    requestJson(`${stack.controlPlaneUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
    ctx.stack = stack;
    // Without a region worker the stack registers no region; stations need one (no worker: they stay provisioning).
    await stack.admin('PUT', '/admin/regions', { id: stack.regionId, url: 'http://127.0.0.1' });
    ctx.t = await stack.createTenant();
    ctx.a = ctx.t.accountId;
    ctx.region = stack.regionId;
  });
  afterAll(() => stack?.stop());

  it.each(CASES.map((c) => [`${c.method} ${c.action}`, c] as const))('%s writes exactly one entry', async (_name, c) => {
    const before = await count();
    const res = await call(c.method, c.path(ctx), c.body?.(ctx));
    expect({ status: res.status, body: res.status < 300 ? null : res.body }).toEqual({ status: expect.any(Number), body: null });
    c.keep?.(ctx, res.body);
    expect(await count()).toBe(before + 1);
    const entry = await newest();
    expect(entry).toMatchObject({
      actor_type: 'operator',
      actor: stack.operatorEmail,
      action: c.action,
      target: c.target(ctx),
      source: 'api',
    });
    expect(entry.actor_id).toMatch(/^\d+$/);
    if (c.target(ctx).startsWith('account/')) expect(entry.account_id).toBe(Number(c.target(ctx).split('/')[1]));
    expect(JSON.stringify(entry.summary)).not.toContain('a-secret-password');
  });

  it('summarizes the change without secrets', async () => {
    const { entries } = await stack.admin<{ entries: Entry[] }>('GET', `/admin/audit?action=user.create&target=${encodeURIComponent(`account/${ctx.a}/user/audited-user`)}`);
    expect(entries.map((e) => e.summary)).toEqual([{ username: 'audited-user', password: '[redacted]' }]);
    const [policy] = (await stack.admin<{ entries: Entry[] }>('GET', `/admin/audit?action=account.station-policy&account=${ctx.a}`)).entries;
    expect(policy.summary).toEqual({ auto_create: true, station_quota: 10 });
  });

  it('writes nothing for a failed action or a read', async () => {
    const before = await count();
    expect((await call('POST', '/admin/accounts/999999999/suspend')).status).toBe(404);
    expect((await call('POST', `/admin/accounts/${ctx.a}/users`, { username: 'x', password: 'short' })).status).toBe(400);
    expect((await call('GET', `/admin/accounts/${ctx.a}`)).status).toBe(200);
    expect((await call('GET', '/admin/audit')).status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('filters by actor, action, target, account and time, and pages with a cursor', async () => {
    const q = async (query: string) => (await stack.admin<{ entries: Entry[]; next_cursor: string | null }>('GET', `/admin/audit?${query}`));
    const all = (await q('limit=500')).entries;
    expect(all.length).toBeGreaterThanOrEqual(CASES.length);
    expect(all.map((e) => Number(e.id))).toEqual([...all.map((e) => Number(e.id))].sort((x, y) => y - x));

    const station = await q(`target=${encodeURIComponent(`account/${ctx.a}/station/${ctx.region}/audited-station`)}`);
    expect(station.entries.map((e) => e.action)).toEqual(['station.delete', 'station.detach-schema', 'station.attach-schema', 'station.update', 'station.create']);
    const underAccount = await q(`target=${encodeURIComponent(`account/${ctx.a}`)}&limit=500`);
    expect(underAccount.entries.every((e) => e.target === `account/${ctx.a}` || e.target.startsWith(`account/${ctx.a}/`))).toBe(true);
    expect((await q(`account=${ctx.a}&limit=500`)).entries.every((e) => e.account_id === ctx.a)).toBe(true);
    expect((await q(`actor=${encodeURIComponent(stack.operatorEmail)}&limit=500`)).entries).toHaveLength(all.length);
    expect((await q('actor=nobody@example.com')).entries).toEqual([]);
    expect((await q('action=account.suspend')).entries.map((e) => e.target)).toEqual([`account/${ctx.a}`]);
    expect((await q(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).entries).toEqual([]);
    expect((await q(`to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).entries).toEqual([]);
    expect((await q(`from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&limit=500`)).entries).toHaveLength(all.length);

    const seen: string[] = [];
    let page = await q('limit=3');
    for (;;) {
      seen.push(...page.entries.map((e) => e.id));
      if (!page.next_cursor) break;
      expect(page.entries).toHaveLength(3);
      page = await q(`limit=3&cursor=${page.next_cursor}`);
    }
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it('answers 400 for bad filters', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'cursor=abc', 'account=-1', 'from=yesterday', 'to=2026-13-45']) {
      const res = await call('GET', `/admin/audit?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await requestJson(`${stack.controlPlaneUrl}/admin/audit`)).status).toBe(401);
  });

  it('has no route that adds, changes or deletes an entry', async () => {
    const { id } = await newest();
    const before = await count();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/admin/audit', `/admin/audit/${id}`]) {
        const res = await call(method, path, method === 'DELETE' ? undefined : { action: 'forged' });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
    }
    expect(await count()).toBe(before);
  });

  it('the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { id } = await newest();
    await expect(stack.db.query(`UPDATE audit_entries SET action = 'forged' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(stack.db.query(`DELETE FROM audit_entries WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(stack.db.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    expect((await newest()).id).toBe(id);
  });
});
