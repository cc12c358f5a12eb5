import { requestJson, Stack } from '@restgw/testing';

/**
 * Console sign-in (issue 16 item 2) on a real control plane with an operator
 * listener: the session cookie's attributes, CSRF rules for changes made with
 * it, idle and absolute expiry, sign-out, and where /console is served.
 */
describe('console session', () => {
  let stack: Stack;
  const origin = () => stack.operatorUrl;

  const signIn = async (headers: Record<string, string> = {}) => {
    const res = await requestJson(`${stack.operatorUrl}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: stack.operatorEmail, password: stack.operatorPassword }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { res, setCookie, cookie: setCookie.split(';')[0], csrf: res.body?.csrf_token as string };
  };
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    requestJson(`${stack.operatorUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sessions = async () => Number((await stack.db.query<{ n: string }>('SELECT count(*) AS n FROM operator_sessions'))[0].n);

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false, operatorListener: true, controlPlaneEnv: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => stack?.stop());

  it('signs in with an httpOnly, SameSite=Strict cookie scoped to /admin, and never shows the secret to scripts', async () => {
    const wrong = await requestJson(`${stack.operatorUrl}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stack.operatorEmail, password: 'not-the-password' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const { res, setCookie, cookie } = await signIn();
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(/^restgw_console_session=[A-Za-z0-9_-]{43}; Path=\/admin; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    expect(res.body).toEqual({
      operator: { id: expect.any(Number), email: stack.operatorEmail },
      csrf_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expires_at: expect.any(String),
      idle_expires_at: expect.any(String),
    });
    expect(res.text).not.toContain(cookie.split('=')[1]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Only the secret's hash is stored.
    const [row] = await stack.db.query<{ id: string }>('SELECT id FROM operator_sessions');
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id).not.toBe(cookie.split('=')[1]);

    const me = await call('GET', '/admin/session', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.csrf_token).toBe(res.body.csrf_token);
  });

  it('adds Secure behind an https proxy (TRUST_PROXY)', async () => {
    const { setCookie } = await signIn({ 'x-forwarded-proto': 'https' });
    expect(setCookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('reads with the cookie; a change needs the CSRF header and a same-site origin', async () => {
    const { cookie, csrf } = await signIn();
    expect((await call('GET', '/admin/accounts', { cookie })).status).toBe(200);

    const create = (headers: Record<string, string>) => call('POST', '/admin/accounts', { cookie, ...headers }, { name: 'from the console' });
    const accounts = async () => Number((await stack.db.query<{ n: string }>('SELECT count(*) AS n FROM accounts'))[0].n);
    const before = await accounts();
    const noHeader = await create({});
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.message).toMatch(/CSRF check failed/);
    expect((await create({ 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await create({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await create({ 'x-csrf-token': csrf, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await accounts()).toBe(before);

    const ok = await create({ 'x-csrf-token': csrf, origin: origin(), 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(201);
    // The audit log says who did it and that it came from the console.
    const { entries } = await stack.admin<{ entries: Array<{ action: string; actor: string; source: string; target: string }> }>('GET', '/admin/audit?action=account.create&limit=1');
    expect(entries[0]).toMatchObject({ action: 'account.create', actor: stack.operatorEmail, source: 'console', target: `account/${ok.body.id}` });

    // Another session's CSRF token does not fit this one.
    const other = await signIn();
    expect((await create({ 'x-csrf-token': other.csrf })).status).toBe(403);
    // Login CSRF: another site cannot sign a browser in.
    expect((await signIn({ origin: 'https://evil.example' })).res.status).toBe(403);
  });

  it('a Bearer token needs no CSRF header, and a bad one is not rescued by a cookie', async () => {
    const { cookie } = await signIn();
    expect((await call('POST', '/admin/accounts', { authorization: `Bearer ${stack.operatorToken}` }, { name: 'via token' })).status).toBe(201);
    expect((await call('GET', '/admin/accounts', { authorization: 'Bearer nonsense', cookie })).status).toBe(401);
  });

  it('ends after the idle timeout and at the absolute expiry', async () => {
    const idle = await signIn();
    const absolute = await signIn();
    expect((await call('GET', '/admin/accounts', { cookie: idle.cookie })).status).toBe(200);
    await stack.db.query(`UPDATE operator_sessions SET last_seen_at = now() - interval '31 minutes'`);
    await stack.db.query(`UPDATE operator_sessions SET expires_at = now() - interval '1 second' WHERE id = encode(sha256($1::bytea), 'hex')`, [absolute.cookie.split('=')[1]]);
    for (const s of [idle, absolute]) {
      expect((await call('GET', '/admin/accounts', { cookie: s.cookie })).status).toBe(401);
      expect((await call('GET', '/admin/session', { cookie: s.cookie })).status).toBe(401);
    }
    // An ended session is removed when seen.
    expect(await stack.db.query(`SELECT 1 FROM operator_sessions WHERE id = encode(sha256($1::bytea), 'hex')`, [idle.cookie.split('=')[1]])).toEqual([]);
  });

  it('signs out: CSRF-checked, the cookie cleared and the session gone server-side', async () => {
    const { cookie, csrf } = await signIn();
    expect((await call('DELETE', '/admin/session', { cookie })).status).toBe(403);
    const out = await call('DELETE', '/admin/session', { cookie, 'x-csrf-token': csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('restgw_console_session=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict');
    expect((await call('GET', '/admin/accounts', { cookie })).status).toBe(401);
    expect((await call('DELETE', '/admin/session', {})).status).toBe(204);
  });

  it('refuses the sessions of a disabled operator', async () => {
    const { cookie } = await signIn();
    const before = await sessions();
    expect(before).toBeGreaterThan(0);
    await stack.db.query('UPDATE operators SET disabled = true WHERE email = $1', [stack.operatorEmail]);
    try {
      expect((await call('GET', '/admin/accounts', { cookie })).status).toBe(401);
    } finally {
      await stack.db.query('UPDATE operators SET disabled = false WHERE email = $1', [stack.operatorEmail]);
    }
  });

  it('serves the console on the operator listener only, with a strict content security policy', async () => {
    const page = await fetch(`${stack.operatorUrl}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${stack.operatorUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${stack.operatorUrl}/console`, { redirect: 'manual' })).status).toBeLessThan(400);
    expect((await fetch(`${stack.controlPlaneUrl}/console/`)).status).toBe(404);
    expect((await fetch(`${stack.controlPlaneUrl}${asset}`)).status).toBe(404);
    expect((await fetch(`${stack.controlPlaneUrl}/admin/session`, { method: 'POST' })).status).toBe(404);
  });
});

/** Admin routes the console needs (issue 16 item 3): account search with server-side pages, password reset. */
describe('console admin routes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false, randomAccountIds: false });
  });
  afterAll(() => stack?.stop());

  it('searches, filters, sorts and pages accounts, with X-Total-Count', async () => {
    const ids: number[] = [];
    for (const name of ['alpha shop', 'beta shop', 'gamma', 'delta shop', 'epsilon']) ids.push((await stack.admin<{ id: number }>('POST', '/admin/accounts', { name })).id);
    await stack.admin('POST', `/admin/accounts/${ids[3]}/suspend`);
    const list = async (query: string) => {
      const res = await requestJson(`${stack.operatorUrl}/admin/accounts?${query}`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
      expect(res.status).toBe(200);
      return { names: (res.body as Array<{ name: string }>).map((a) => a.name), total: Number(res.headers.get('x-total-count')) };
    };
    expect(await list('search=SHOP&sort=name&order=asc')).toEqual({ names: ['alpha shop', 'beta shop', 'delta shop'], total: 3 });
    expect(await list('search=shop&limit=2&offset=0&sort=id')).toEqual({ names: ['alpha shop', 'beta shop'], total: 3 });
    expect(await list('search=shop&limit=2&offset=2&sort=id')).toEqual({ names: ['delta shop'], total: 3 });
    expect(await list('search=shop&status=suspended')).toEqual({ names: ['delta shop'], total: 1 });
    expect(await list(`search=${ids[2]}`)).toEqual({ names: ['gamma'], total: 1 });
    expect((await list('sort=id&order=desc&limit=1')).names).toEqual(['epsilon']);
    expect((await list('')).total).toBe((await list('')).names.length);
    for (const bad of ['limit=0', 'limit=501', 'offset=-1', 'sort=password', 'order=up', 'status=gone', `search=${'x'.repeat(201)}`]) {
      const res = await requestJson(`${stack.operatorUrl}/admin/accounts?${bad}`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('resets a password: the old one stops working, the new one logs in', async () => {
    const t = await stack.createTenant({ enableRegion: false });
    expect((await stack.login(t)).jwt).toBeTruthy();
    const reset = (password: string) =>
      requestJson(`${stack.operatorUrl}/admin/accounts/${t.accountId}/users/${t.username}/password`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
    expect((await reset('short')).status).toBe(400);
    expect((await requestJson(`${stack.operatorUrl}/admin/accounts/${t.accountId}/users/nobody/password`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'long-enough-password' }),
    })).status).toBe(404);
    expect((await reset('a-brand-new-password')).status).toBe(204);
    await expect(stack.login(t)).rejects.toThrow(/401/);
    expect((await stack.login({ ...t, password: 'a-brand-new-password' })).jwt).toBeTruthy();
  });
});
