import { randomBytes } from 'node:crypto';
import { requestJson, Stack } from '@restgw/testing';
import { bearer, post } from './attack-kit';

/** Issue 11 finding 1, second half: the operator and internal routes on a listener of their own. */
describe('control plane operator listener (CONTROL_PLANE_OPERATOR_PORT)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ operatorListener: true });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('serves /admin and /internal only there; the public listener answers them 404', async () => {
    const creds = { email: stack.operatorEmail, password: stack.operatorPassword };
    expect((await post(`${stack.controlPlaneUrl}/admin/login`, creds)).status).toBe(404);
    expect((await requestJson(`${stack.controlPlaneUrl}/admin/accounts`, { headers: bearer(stack.operatorToken) })).status).toBe(404);
    expect((await requestJson(`${stack.controlPlaneUrl}/ADMIN/accounts`, { headers: bearer(stack.operatorToken) })).status).toBe(404);
    expect((await post(`${stack.controlPlaneUrl}/internal/stations/implicit`, { region_id: stack.regionId, station: 's' })).status).toBe(404);
    expect((await post(`${stack.operatorUrl}/admin/login`, creds)).status).toBe(200);
    expect((await requestJson(`${stack.operatorUrl}/admin/accounts`, { headers: bearer(stack.operatorToken) })).status).toBe(200);
  });

  it('keeps the public routes public, and gateways create stations through the operator listener', async () => {
    const tenant = await stack.createTenant();
    const grant = await stack.login(tenant);
    expect((await requestJson(`${stack.controlPlaneUrl}/.well-known/jwks.json`)).status).toBe(200);
    expect((await post(`${stack.controlPlaneUrl}/auth/refreshToken`, { jwt_refresh_token: grant.jwt_refresh_token })).status).toBe(200);
    const station = `op-${randomBytes(3).toString('hex')}`;
    const res = await requestJson(`${stack.gatewayUrl}/stations/${station}/produce/single`, {
      method: 'POST',
      headers: { ...bearer(grant.jwt), 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(200);
  });
});
