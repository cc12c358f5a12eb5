import { requestJson, Stack } from '@restgw/testing';

/** API.md "Operations" on a real gateway process. */
describe('gateway operations', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { CORS_ORIGINS: 'https://console.example' } });
  });
  afterAll(() => stack?.stop());

  it('answers GET /monitoring/status without auth', async () => {
    const res = await requestJson(`${stack.gatewayUrl}/monitoring/status`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /healthz and /readyz (log reachable, keys, access state and station directory loaded)', async () => {
    expect((await requestJson(`${stack.gatewayUrl}/healthz`)).status).toBe(200);
    const ready = await requestJson(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ log: true, keys: true, accessState: true, stations: true, limits: true, accepting: true, regionNotDisabled: true });
    expect(ready.body).toMatchObject({ region: stack.regionId, region_status: 'active' });
  });

  it.each(['/stations/s/produce/single', '/stations/s/produce/batch', '/stations/s/consume/batch', '/auth/authenticate'])(
    'answers CORS preflight on %s for an allowed origin',
    async (path) => {
      const res = await fetch(`${stack.gatewayUrl}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://console.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://console.example');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    },
  );

  it('refuses a request from a disallowed origin on the server, before it runs', async () => {
    const tenant = await stack.createTenant();
    const { jwt } = await stack.login(tenant);
    const res = await requestJson(`${stack.gatewayUrl}/stations/cors/produce/single`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${jwt}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Origin https://evil.example is not allowed', success: false });
    const consumed = await requestJson(`${stack.gatewayUrl}/stations/cors/consume/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_name: 'c', batch_max_wait_time_ms: 300 }),
    });
    expect(consumed.body).toEqual([]);
  });
});
