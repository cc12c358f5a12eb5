import { randomBytes } from 'node:crypto';
import { requestJson, Stack, Tenant } from '@restgw/testing';
import { bearer, post } from './attack-kit';

/** The findings whose cause or fix differs in the local profile (state in PostgreSQL, embedded log). */
describe('issue 11 findings (local profile)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let token: string;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    stack = await Stack.start({ profile: 'local', controlPlaneEnv: { TRUST_PROXY: '127.0.0.1' } });
    tenant = await stack.createTenant();
    token = (await stack.login(tenant)).jwt;
  }, 120_000);
  afterAll(() => stack?.stop());

  const login = (body: Record<string, unknown>, from: string) => post(`${stack.controlPlaneUrl}/auth/authenticate`, body, { 'x-forwarded-for': from });

  it('6. a 4,000-character username answers 400 (it overflowed the throttle index: 500)', async () => {
    const res = await login({ username: 'u'.repeat(4000), password: 'x', account_id: tenant.accountId }, '198.51.100.1');
    expect(res.status).toBe(400);
    // The longest allowed name is counted like any other (fixed-length keys).
    expect((await login({ username: 'u'.repeat(128), password: 'x', account_id: tenant.accountId }, '198.51.100.1')).status).toBe(401);
  });

  it('3. the PostgreSQL-backed throttle counts concurrent guesses atomically', async () => {
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => login({ username: tenant.username, password: 'wrong-password', account_id: tenant.accountId }, '198.51.100.2')),
    );
    expect(answers.filter((r) => r.status === 401)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(15);
    expect((await login({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }, '198.51.100.3')).status).toBe(200);
  });

  it('8. refuses a station differing only by "." and "_" with 409, like the cluster profile', async () => {
    const first = `col_${run}`;
    await stack.admin('POST', `/admin/accounts/${tenant.accountId}/stations`, { region_id: stack.regionId, name: first });
    const admin = await post(`${stack.operatorUrl}/admin/accounts/${tenant.accountId}/stations`, { region_id: stack.regionId, name: `col.${run}` }, bearer(stack.operatorToken));
    expect(admin.status).toBe(409);
    expect(admin.body.message).toContain(first);
    const implicit = await requestJson(`${stack.gatewayUrl}/stations/col.${run}/produce/single`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(implicit.status).toBe(409);
    expect(implicit.body.error).toContain(first);
  });
});
