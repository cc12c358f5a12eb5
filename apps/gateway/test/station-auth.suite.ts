import { requestJson, Stack, Tenant } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

/**
 * Station routes through both real apps: who may call them (API.md "Station
 * routes" authentication, tenancy and revocation rules). Run by
 * station-auth.e2e-spec.ts on the cluster profile and by
 * station-auth.local.e2e-spec.ts on the local profile (revocations travel
 * through PostgreSQL instead of Redis).
 */
export function stationAuthSuite(profile: 'cluster' | 'local'): void {
describe(`gateway station routes: authentication, tenancy, revocation (${profile} profile)`, () => {
  let stack: Stack;
  let tenant: Tenant;
  let gw: GatewayClient;

  const routes: [string, (c: GatewayClient, query?: string) => Promise<{ status: number; body: any }>][] = [
    ['produce/single', (c, q = '') => c.produce('auth-st', 'x', { 'content-type': 'text/plain' }, q)],
    ['produce/batch', (c, q = '') => c.produceBatch('auth-st', '[1]', {}, q)],
    ['consume/batch', (c, q = '') => c.consume('auth-st', { consumer_name: 'c', batch_max_wait_time_ms: 100 }, q)],
  ];

  beforeAll(async () => {
    stack = await Stack.start({ profile });
    tenant = await stack.createTenant();
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
  });
  afterAll(() => stack?.stop());

  it('logs in and refreshes through the gateway', async () => {
    const login = await stack.authenticate({ username: tenant.username, password: tenant.password, account_id: tenant.accountId });
    expect(login.status).toBe(200);
    const refreshed = await requestJson(`${stack.gatewayUrl}/auth/refreshToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwt_refresh_token: login.body.jwt_refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual(expect.objectContaining({ jwt: expect.any(String), jwt_refresh_token: expect.any(String) }));
    const wrong = await stack.authenticate({ username: tenant.username, password: 'nope', account_id: tenant.accountId });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ message: 'Unauthorized' });
  });

  const bodies: Record<string, [string, string]> = {
    'produce/single': ['text/plain', 'x'],
    'produce/batch': ['application/json', '[1]'],
    'consume/batch': ['application/json', '{"consumer_name":"c","batch_max_wait_time_ms":100}'],
  };

  it.each(Object.keys(bodies))('%s accepts "Bearer <t>", "Bearer: <t>" and ?authorization=<t>', async (route) => {
    const [contentType, body] = bodies[route];
    for (const [headers, query] of [
      [{ authorization: `Bearer ${gw.token}` }, ''],
      [{ authorization: `Bearer: ${gw.token}` }, ''],
      [{}, `?authorization=${gw.token}`],
    ] as [Record<string, string>, string][]) {
      const res = await requestJson(`${stack.gatewayUrl}/stations/auth-st/${route}${query}`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...headers },
        body,
      });
      expect({ headers, query, status: res.status }).toEqual({ headers, query, status: 200 });
    }
  });

  it.each(routes)('%s refuses a missing, malformed, expired-shape or refresh token with 401', async (_name, call) => {
    const refresh = (await stack.login(tenant)).jwt_refresh_token;
    for (const token of ['', 'not-a-jwt', refresh, `${gw.token.slice(0, -4)}AAAA`]) {
      const res = await call(new GatewayClient(stack.gatewayUrl, token));
      expect({ token, status: res.status, body: res.body }).toEqual({ token, status: 401, body: { message: 'Unauthorized' } });
    }
  });

  it.each(routes)('%s refuses ?accountId= naming another account with 403', async (_name, call) => {
    expect((await call(gw, `?accountId=${tenant.accountId + 1000}`)).status).toBe(403);
    expect((await call(gw, `?accountId=${tenant.accountId}`)).status).toBe(200);
  });

  it('refuses consume/batch whose body account_id names another account with 403', async () => {
    const res = await gw.consume('auth-st', { consumer_name: 'c', account_id: tenant.accountId + 1000 });
    expect(res.status).toBe(403);
    expect(res.body.success).toBe(false);
  });

  it('refuses an account not enabled in this region with 403, and serves it once enabled', async () => {
    const outsider = await stack.createTenant({ enableRegion: false });
    const c = new GatewayClient(stack.gatewayUrl, (await stack.login(outsider)).jwt);
    for (const [, call] of routes) expect((await call(c)).status).toBe(403);
    await stack.admin('PUT', `/admin/accounts/${outsider.accountId}/regions/${stack.regionId}`);
    await eventually(async () => (await c.produce('st', 'x')).status === 200, 5000);
    await stack.admin('DELETE', `/admin/accounts/${outsider.accountId}/regions/${stack.regionId}`);
    await eventually(async () => (await c.produce('st', 'x')).status === 403, 5000);
  });

  it('keeps one tenant out of another tenant\'s stations', async () => {
    const a = await stack.createTenant();
    const b = await stack.createTenant();
    const ca = new GatewayClient(stack.gatewayUrl, (await stack.login(a)).jwt);
    const cb = new GatewayClient(stack.gatewayUrl, (await stack.login(b)).jwt);
    expect((await ca.produce('shared-name', 'from-a')).status).toBe(200);
    const seenByB = await cb.consume('shared-name', { consumer_name: 'x', batch_max_wait_time_ms: 500 });
    expect(seenByB.body).toEqual([]);
    const seenByA = await ca.consumeAll('shared-name', { consumer_name: 'x' }, 1);
    expect(seenByA.map((m) => m.message)).toEqual(['from-a']);
  });

  describe('revocation reaches the gateway within seconds', () => {
    it('user disable, then enable with a fresh login', async () => {
      const t = await stack.createTenant({ username: 'to-disable' });
      const c = new GatewayClient(stack.gatewayUrl, (await stack.login(t)).jwt);
      expect((await c.produce('rv', 'x')).status).toBe(200);
      await stack.admin('POST', `/admin/accounts/${t.accountId}/users/${t.username}/disable`);
      expect(await eventually(async () => (await c.produce('rv', 'x')).status === 401, 5000)).toBeLessThan(5000);
      await stack.admin('POST', `/admin/accounts/${t.accountId}/users/${t.username}/enable`);
      c.token = (await stack.login(t)).jwt;
      expect((await c.produce('rv', 'x')).status).toBe(200);
    });

    it('operator revoke-tokens', async () => {
      const t = await stack.createTenant({ username: 'to-revoke' });
      const c = new GatewayClient(stack.gatewayUrl, (await stack.login(t)).jwt);
      expect((await c.produce('rv', 'x')).status).toBe(200);
      await stack.admin('POST', `/admin/accounts/${t.accountId}/users/${t.username}/revoke-tokens`);
      await eventually(async () => (await c.produce('rv', 'x')).status === 401, 5000);
    });

    it('account suspension', async () => {
      const t = await stack.createTenant();
      const c = new GatewayClient(stack.gatewayUrl, (await stack.login(t)).jwt);
      expect((await c.produce('rv', 'x')).status).toBe(200);
      await stack.admin('POST', `/admin/accounts/${t.accountId}/suspend`);
      await eventually(async () => (await c.produce('rv', 'x')).status === 401, 5000);
    });

    it('refresh-token reuse revokes the access tokens of that login', async () => {
      const t = await stack.createTenant();
      const grant = await stack.login(t);
      const c = new GatewayClient(stack.gatewayUrl, grant.jwt);
      expect((await c.produce('rv', 'x')).status).toBe(200);
      const refresh = (token: string) =>
        requestJson(`${stack.gatewayUrl}/auth/refreshToken`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jwt_refresh_token: token }),
        });
      expect((await refresh(grant.jwt_refresh_token)).status).toBe(200);
      expect((await refresh(grant.jwt_refresh_token)).status).toBe(401);
      await eventually(async () => (await c.produce('rv', 'x')).status === 401, 5000);
    });
  });
});
}
