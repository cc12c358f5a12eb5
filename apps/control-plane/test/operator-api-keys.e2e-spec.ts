import { requestJson, Stack } from '@restgw/testing';

/**
 * Issue 14 item 1, operator keys against a real control plane: created by a
 * logged-in operator (the key shown once), listed without it, used as
 * `Authorization: Bearer <key>` on the admin API within its scopes, 403
 * outside them, 401 within seconds of revocation; audited as the key; bad
 * keys throttled per client address.
 */
describe('operator API keys', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false, controlPlaneEnv: { API_KEY_MAX_FAILURES: '5', LOG_LEVEL: 'debug', LOG_REQUESTS: 'true' } });
  }, 60_000);
  afterAll(() => stack?.stop());

  const call = (method: string, path: string, credential: string, body?: unknown) =>
    requestJson(`${stack.operatorUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const createKey = async (name: string, scopes: string[]) => {
    const res = await call('POST', '/admin/api-keys', stack.operatorToken, { name, scopes });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string; prefix: string };
  };

  it('creates a key shown once, with a recognizable prefix; lists it without the key or its hash', async () => {
    const created = await createKey('ci', ['admin:read']);
    expect(created.key).toMatch(/^rgw_op_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 15));
    const list = await call('GET', '/admin/api-keys', stack.operatorToken);
    expect(list.status).toBe(200);
    const row = list.body.find((k: { id: string }) => k.id === created.id);
    expect(row).toEqual({
      id: created.id,
      kind: 'operator',
      prefix: created.prefix,
      name: 'ci',
      scopes: ['admin:read'],
      created_at: expect.any(String),
      created_by: stack.operatorEmail,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    });
    expect(list.text).not.toContain(created.key);
    // Only the hash is stored: the key appears nowhere in the database.
    const rows = await stack.db.query<{ key_hash: string }>(`SELECT * FROM api_keys WHERE id = $1`, [created.id]);
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(15));
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses bad creations with 400', async () => {
    for (const body of [
      { name: 'x', scopes: ['root'] },
      { name: 'x', scopes: [] },
      { name: '', scopes: ['admin:read'] },
      { name: 'x', scopes: ['admin:read'], expires_at: '2001-01-01T00:00:00Z' },
      { name: 'x', scopes: ['admin:read'], expires_at: 'tomorrow' },
    ]) {
      expect([body, (await call('POST', '/admin/api-keys', stack.operatorToken, body)).status]).toEqual([body, 400]);
    }
  });

  it('admin:read reads everything and changes nothing (403); last use is recorded', async () => {
    const { id, key } = await createKey('reader', ['admin:read']);
    expect((await call('GET', '/admin/accounts', key)).status).toBe(200);
    expect((await call('GET', '/admin/regions', key)).status).toBe(200);
    expect((await call('GET', '/admin/audit', key)).status).toBe(200);
    const write = await call('POST', '/admin/accounts', key, { name: 'nope' });
    expect(write.status).toBe(403);
    expect(write.text).toMatch(/lacks the scope/);
    expect((await call('PUT', '/admin/regions/aws-eu-west-1', key, { url: 'https://eu.example' })).status).toBe(403);
    const list = await call('GET', '/admin/api-keys', stack.operatorToken);
    expect(list.body.find((k: { id: string }) => k.id === id).last_used_at).not.toBeNull();
  });

  it('regions:write manages regions only; admin:write changes the rest', async () => {
    const { key: regions } = await createKey('terraform', ['regions:write']);
    const put = await call('PUT', '/admin/regions/aws-us-east-1', regions, { url: 'https://us.example', status: 'active' });
    expect(put.status).toBe(200);
    expect((await call('GET', '/admin/regions/aws-us-east-1', regions)).body).toEqual({ id: 'aws-us-east-1', url: 'https://us.example', status: 'active' });
    expect((await call('GET', '/admin/accounts', regions)).status).toBe(403);
    expect((await call('POST', '/admin/accounts', regions, { name: 'nope' })).status).toBe(403);
    expect((await call('DELETE', '/admin/regions/aws-us-east-1', regions)).status).toBe(204);

    const { key: writer } = await createKey('provisioner', ['admin:write']);
    expect((await call('POST', '/admin/accounts', writer, { name: 'made-by-key' })).status).toBe(201);
    expect((await call('GET', '/admin/accounts', writer)).status).toBe(403);
  });

  it('no key manages operator keys, whatever its scopes', async () => {
    const { id, key } = await createKey('all', ['admin:read', 'admin:write', 'regions:write']);
    expect((await call('POST', '/admin/api-keys', key, { name: 'child', scopes: ['admin:write'] })).status).toBe(403);
    expect((await call('GET', '/admin/api-keys', key)).status).toBe(403);
    expect((await call('DELETE', `/admin/api-keys/${id}`, key)).status).toBe(403);
  });

  it('audits changes made with a key under the key (id, prefix and name), never the key', async () => {
    const { id, key, prefix } = await createKey('auditor', ['admin:write']);
    const account = await call('POST', '/admin/accounts', key, { name: 'audited-by-key' });
    expect(account.status).toBe(201);
    const audit = await stack.admin('GET', `/admin/audit?action=account.create&account=${account.body.id}`);
    expect(audit.entries).toEqual([expect.objectContaining({ actor_type: 'api-key', actor_id: id, actor: `${prefix}... (auditor)`, source: 'api' })]);
    const created = await stack.admin('GET', `/admin/audit?action=api-key.create&target=api-key/${id}`);
    expect(created.entries).toEqual([expect.objectContaining({ actor_type: 'operator', actor: stack.operatorEmail, summary: { name: 'auditor', scopes: ['admin:write'] } })]);
    expect(JSON.stringify(await stack.admin('GET', '/admin/audit?limit=500'))).not.toContain(key);
  });

  it('a revoked key answers 401 within seconds; revoking again is a no-op; unknown ids 404', async () => {
    const { id, key } = await createKey('short-lived', ['admin:read']);
    expect((await call('GET', '/admin/accounts', key)).status).toBe(200);
    expect((await call('DELETE', `/admin/api-keys/${id}`, stack.operatorToken)).status).toBe(204);
    const started = Date.now();
    while ((await call('GET', '/admin/accounts', key)).status !== 401) {
      if (Date.now() - started > 5_000) throw new Error('revoked key still accepted after 5 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call('DELETE', `/admin/api-keys/${id}`, stack.operatorToken)).status).toBe(204);
    const row = (await call('GET', '/admin/api-keys', stack.operatorToken)).body.find((k: { id: string }) => k.id === id);
    expect(row.revoked_at).not.toBeNull();
    expect((await call('DELETE', '/admin/api-keys/00000000-0000-4000-8000-000000000000', stack.operatorToken)).status).toBe(404);
    expect((await call('DELETE', '/admin/api-keys/not-a-uuid', stack.operatorToken)).status).toBe(404);
  });

  it('an expired key answers 401', async () => {
    const res = await call('POST', '/admin/api-keys', stack.operatorToken, { name: 'brief', scopes: ['admin:read'], expires_at: new Date(Date.now() + 1500).toISOString() });
    expect(res.status).toBe(201);
    expect((await call('GET', '/admin/accounts', res.body.key)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await call('GET', '/admin/accounts', res.body.key)).status).toBe(401);
  });

  it('customer keys are not operator keys (401), and bad keys are throttled per address (429 with Retry-After)', async () => {
    const account = await stack.admin('POST', '/admin/accounts', { name: 'throttled' });
    const customer = await call('POST', `/admin/accounts/${account.id}/api-keys`, stack.operatorToken, { name: 'ingest', scopes: ['produce'], stations: ['*'] });
    expect(customer.status).toBe(201);
    const { key: good } = await createKey('still-good', ['admin:read']);
    const statuses: number[] = [];
    // The earlier tests used a revoked and an expired key from this address: with a limit of 5, at most 3 more 401s.
    for (const bad of [customer.body.key, 'rgw_op_' + 'A'.repeat(43), 'rgw_op_short', 'rgw_op_' + 'B'.repeat(43), 'rgw_op_' + 'C'.repeat(43)]) {
      statuses.push((await call('GET', '/admin/accounts', bad)).status);
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses[statuses.length - 1]).toBe(429);
    const blocked = await call('GET', '/admin/accounts', good);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Operator tokens are not API keys: unaffected.
    expect((await call('GET', '/admin/accounts', stack.operatorToken)).status).toBe(200);
  });

  it('never writes a key into the log', async () => {
    const { key } = await createKey('logged', ['admin:read']);
    await call('GET', '/admin/accounts?authorization=' + key, key);
    await call('GET', '/admin/accounts', key.slice(0, -1) + 'x');
    expect(stack.controlPlane.allOutput()).not.toContain(key.slice(15));
  });
});
