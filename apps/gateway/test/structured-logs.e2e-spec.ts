import { AppProcess, requestJson, Stack } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

const VERBOSE = { LOG_LEVEL: 'debug', LOG_REQUESTS: 'true' };

/**
 * Issue 17 item 3: every app writes JSON lines with request id, account, route
 * and status, and no secret a client sent or received reaches a log line. The
 * flow uses every way a credential travels: passwords in bodies, Bearer and
 * ?authorization= tokens, refresh tokens, a failed login, the operator login.
 */
describe('structured logs of the real apps', () => {
  let stack: Stack;
  const secrets: string[] = [];
  const processes = (): AppProcess[] => [stack.controlPlane, stack.gateway!, stack.regionWorker!];

  beforeAll(async () => {
    stack = await Stack.start({ controlPlaneEnv: VERBOSE, gatewayEnv: VERBOSE, regionWorkerEnv: { LOG_LEVEL: 'debug' } });
    secrets.push(stack.operatorPassword, stack.operatorToken);

    const tenant = await stack.createTenant();
    secrets.push(tenant.password);
    const grant = await stack.login(tenant);
    secrets.push(grant.jwt, grant.jwt_refresh_token);
    const gw = new GatewayClient(stack.gatewayUrl, grant.jwt);
    expect((await gw.produce('logs', 'one', { 'content-type': 'text/plain', 'x-request-id': 'req-from-client-1' })).status).toBe(200);
    // The token in the query string, as Memphis integrations send it.
    const viaQuery = new GatewayClient(stack.gatewayUrl, '');
    expect((await viaQuery.produce('logs', 'two', { 'content-type': 'text/plain' }, `?authorization=${grant.jwt}`)).status).toBe(200);
    expect((await gw.consumeAll('logs', { consumer_name: 'c1' }, 2)).length).toBe(2);
    const refreshed = await requestJson(`${stack.gatewayUrl}/auth/refreshToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-refresh-1' },
      body: JSON.stringify({ jwt_refresh_token: grant.jwt_refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshed.body.jwt, refreshed.body.jwt_refresh_token);
    // A wrong password and a malformed token are logged as failures, never with what was sent.
    const wrong = `wrong-${tenant.password}-x`;
    secrets.push(wrong);
    expect((await stack.authenticate({ username: tenant.username, password: wrong, account_id: tenant.accountId })).status).toBe(401);
    const bogus = `${grant.jwt.slice(0, -4)}AAAA`;
    secrets.push(bogus);
    expect((await new GatewayClient(stack.gatewayUrl, bogus).produce('logs', 'x')).status).toBe(401);

    // API keys (issue 14): an operator key on the admin API, a customer key in the header, the query and
    // X-Api-Key, a bad key and a revoked one: none of them may reach a line.
    const operatorKey = (await stack.admin('POST', '/admin/api-keys', { name: 'logs', scopes: ['admin:read'] })).key;
    secrets.push(operatorKey);
    expect((await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: { authorization: `Bearer ${operatorKey}` } })).status).toBe(200);
    const customer = await stack.admin('POST', `/admin/accounts/${tenant.accountId}/api-keys`, { name: 'logs', scopes: ['produce', 'consume'], stations: ['logs'] });
    secrets.push(customer.key);
    const withKey = new GatewayClient(stack.gatewayUrl, customer.key);
    expect((await withKey.produce('logs', 'three', { 'content-type': 'text/plain', 'x-api-key': customer.key })).status).toBe(200);
    expect((await viaQuery.produce('logs', 'four', { 'content-type': 'text/plain' }, `?authorization=${customer.key}`)).status).toBe(200);
    expect((await withKey.produce('elsewhere', 'refused')).status).toBe(403);
    const badKey = `rgw_ck_${'Q'.repeat(43)}`;
    secrets.push(badKey.slice(15));
    expect((await new GatewayClient(stack.gatewayUrl, badKey).produce('logs', 'x')).status).toBe(401);
    expect((await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: { authorization: `Bearer rgw_op_${'Q'.repeat(43)}` } })).status).toBe(401);
    await stack.admin('DELETE', `/admin/accounts/${tenant.accountId}/api-keys/${customer.id}`);
    await eventually(async () => (await withKey.produce('logs', 'x')).status === 401, 5_000);
  }, 120_000);
  afterAll(() => stack?.stop());

  const lines = () =>
    processes().flatMap((p) =>
      p
        .allOutput()
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => ({ app: p.name, line: l })),
    );

  it('writes no password, token or refresh token in any line of any app', () => {
    expect(lines().length).toBeGreaterThan(10);
    for (const { app, line } of lines()) {
      for (const secret of secrets) {
        if (line.includes(secret)) throw new Error(`${app} logged a secret: ${line}`);
      }
    }
  });

  it('writes one JSON object per line in every app', () => {
    const bad = lines().filter(({ line }) => !line.startsWith('{'));
    expect(bad).toEqual([]);
    for (const { app, line } of lines()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${app} wrote a non-JSON line: ${line}`);
      }
      expect(parsed).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    }
  });

  it('logs each request with its id, account, route pattern and status', () => {
    const requests = lines()
      .filter((l) => l.app !== 'region-worker')
      .map((l) => JSON.parse(l.line))
      .filter((l) => l.msg === 'request');
    const produce = requests.find((r) => r.reqId === 'req-from-client-1');
    expect(produce).toEqual(
      expect.objectContaining({ app: 'gateway', method: 'POST', route: '/stations/:station/produce/single', status: 200, account: expect.any(Number) }),
    );
    const queryProduce = requests.find((r) => r.route === '/stations/:station/produce/single' && String(r.url).includes('authorization='));
    expect(queryProduce.url).toContain('authorization=[REDACTED]');
    // The id a client sent comes back and ties the gateway's and the control plane's lines together.
    const refresh = requests.filter((r) => r.reqId === 'req-refresh-1');
    expect(refresh.map((r) => r.app).sort()).toEqual(['control-plane', 'gateway']);
  });

  it('answers with the request id it used, generated when the client sent none', async () => {
    const given = await fetch(`${stack.gatewayUrl}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const generated = await fetch(`${stack.gatewayUrl}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // An id that could forge log structure is replaced.
    const hostile = await fetch(`${stack.gatewayUrl}/healthz`, { headers: { 'x-request-id': 'a"b\\n{' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
