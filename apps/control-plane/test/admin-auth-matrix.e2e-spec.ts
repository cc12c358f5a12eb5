import { requestJson, Stack } from '@restgw/testing';

/** Every admin route refuses a missing, malformed, or non-operator token. */
describe('admin API auth matrix', () => {
  let stack: Stack;
  let userToken: string;
  let refreshToken: string;

  const routes: [string, string][] = [
    ['GET', '/admin/regions'],
    ['PUT', '/admin/regions'],
    ['GET', '/admin/accounts'],
    ['POST', '/admin/accounts'],
    ['GET', '/admin/accounts/1'],
    ['POST', '/admin/accounts/1/suspend'],
    ['POST', '/admin/accounts/1/activate'],
    ['PUT', '/admin/accounts/1/regions/x-y'],
    ['DELETE', '/admin/accounts/1/regions/x-y'],
    ['GET', '/admin/accounts/1/users'],
    ['POST', '/admin/accounts/1/users'],
    ['POST', '/admin/accounts/1/users/u/disable'],
    ['POST', '/admin/accounts/1/users/u/enable'],
    ['POST', '/admin/accounts/1/users/u/revoke-tokens'],
    ['POST', '/admin/accounts/1/users/u/password'],
    ['GET', '/admin/session'],
    ['POST', '/admin/accounts/1/stations'],
    ['GET', '/admin/accounts/1/stations'],
    ['GET', '/admin/accounts/1/stations/x-y/s'],
    ['PATCH', '/admin/accounts/1/stations/x-y/s'],
    ['DELETE', '/admin/accounts/1/stations/x-y/s'],
    ['PUT', '/admin/accounts/1/stations/x-y/s/schema'],
    ['DELETE', '/admin/accounts/1/stations/x-y/s/schema'],
    ['POST', '/admin/accounts/1/schemas'],
    ['GET', '/admin/accounts/1/schemas'],
    ['GET', '/admin/accounts/1/schemas/00000000-0000-4000-8000-000000000000'],
    ['POST', '/admin/accounts/1/schemas/00000000-0000-4000-8000-000000000000/versions'],
    ['GET', '/admin/accounts/1/station-policy'],
    ['PUT', '/admin/accounts/1/station-policy'],
    ['GET', '/admin/accounts/1/limits'],
    ['PATCH', '/admin/accounts/1/limits'],
    ['PUT', '/admin/accounts/1/limits/stations/s'],
    ['DELETE', '/admin/accounts/1/limits/stations/s'],
    ['GET', '/admin/accounts/1/usage'],
    ['GET', '/admin/quotas'],
  ];

  it.each(routes.filter(([m]) => m !== 'GET'))('%s %s answers 401 with an unknown or malformed console cookie', async (method, path) => {
    for (const cookie of ['restgw_console_session=' + 'A'.repeat(43), 'restgw_console_session=../../x', 'restgw_console_session=']) {
      const res = await requestJson(`${stack.controlPlaneUrl}${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      expect({ cookie, status: res.status }).toEqual({ cookie, status: 401 });
    }
  });

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false });
    const t = await stack.createTenant({ enableRegion: false });
    const grant = await stack.login(t);
    userToken = grant.jwt;
    refreshToken = grant.jwt_refresh_token;
  });
  afterAll(() => stack?.stop());

  it.each(routes)('%s %s answers 401 without an operator token', async (method, path) => {
    for (const authorization of [undefined, 'Bearer not-a-jwt', `Bearer ${userToken}`, `Bearer ${refreshToken}`]) {
      const res = await requestJson(`${stack.controlPlaneUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: method === 'GET' ? undefined : '{}',
      });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
    }
  });

  it('lets an operator in, and refuses a wrong operator password', async () => {
    expect((await requestJson(`${stack.controlPlaneUrl}/admin/accounts`, { headers: { authorization: `Bearer ${stack.operatorToken}` } })).status).toBe(200);
    const bad = await requestJson(`${stack.controlPlaneUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stack.operatorEmail, password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
  });

  it('validates admin input with messages naming the field', async () => {
    const res = await requestJson(`${stack.controlPlaneUrl}/admin/accounts/1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'short' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/password/);
    const missing = await requestJson(`${stack.controlPlaneUrl}/admin/accounts/999999`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
    expect(missing.status).toBe(404);
  });
});
