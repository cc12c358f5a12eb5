import { randomBytes } from 'node:crypto';
import { OwnPostgres, requestJson, Stack, Tenant } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

/**
 * The control plane's PostgreSQL stops (its own server, so nothing else is
 * disturbed): logins answer 503 with Retry-After and the API's body, through
 * the gateway and on the control plane itself, while produce and consume,
 * which need no database in the cluster profile, go on. Real processes.
 */
describe('PostgreSQL down', () => {
  let pg: OwnPostgres;
  let stack: Stack;
  let tenant: Tenant;
  let gw: GatewayClient;
  const station = `pg-outage-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    stack = await Stack.start({ services: { postgresAdminUrl: pg.adminUrl } });
    tenant = await stack.createTenant();
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
    expect((await gw.produce(station, 'before')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await pg?.start();
    await stack?.stop();
    await pg?.remove();
  }, 60_000);

  const login = (base: string) =>
    requestJson(`${base}/auth/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }),
    });

  it('logins answer 503 with Retry-After; produce and consume keep working; logins work again once it is back', async () => {
    const grant = await stack.login(tenant);
    await pg.stop();

    for (const base of [stack.gatewayUrl, stack.controlPlaneUrl]) {
      const res = await login(base);
      expect({ base, status: res.status, body: res.body }).toEqual({ base, status: 503, body: { message: expect.stringMatching(/retry later/) } });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const refresh = await requestJson(`${stack.gatewayUrl}/auth/refreshToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jwt_refresh_token: grant.jwt_refresh_token }),
    });
    expect(refresh.status).toBe(503);
    expect(Number(refresh.headers.get('retry-after'))).toBeGreaterThan(0);
    const operator = await requestJson(`${stack.controlPlaneUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stack.operatorEmail, password: stack.operatorPassword }),
    });
    expect(operator.status).toBe(503);

    const produced = Array.from({ length: 20 }, (_, i) => `during-${i}`);
    for (const m of produced) expect((await gw.produce(station, m)).status).toBe(200);
    const consumed = await gw.consumeAll(station, { consumer_name: 'pg-outage' }, produced.length + 1);
    expect(consumed.map((m) => m.message)).toEqual(['before', ...produced]);

    await pg.start();
    await eventually(async () => (await login(stack.gatewayUrl)).status === 200, 30_000);
    expect(stack.controlPlane.logs()).not.toMatch(/Unhandled error event|ERROR \[HttpErrorFilter\]/);
  }, 120_000);
});
