import { requestJson, Stack, Tenant } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

/**
 * Issue 14 item 2: a region's status (PUT /admin/regions/:id) at its gateway,
 * through real processes (control plane, region worker, gateway, Kafka,
 * Redis). draining: existing stations keep being served, no new station
 * (implicit or by the admin API: 409 naming the status); disabled: station
 * routes and /auth answer 503 with Retry-After naming the status, /readyz
 * says not ready; active again: everything as before.
 */
describe('gateway: region status (active, draining, disabled)', () => {
  let stack: Stack;
  let t: Tenant;
  let gw: GatewayClient;
  const text = { 'content-type': 'text/plain' };

  const setStatus = (status: string) => stack.admin('PUT', `/admin/regions/${stack.regionId}`, { url: stack.gatewayUrl, status });
  const readyz = () => requestJson(`${stack.gatewayUrl}/readyz`);
  const login = () => stack.authenticate({ username: t.username, password: t.password, account_id: t.accountId });
  /** How long the gateway took to show the status (it applies the event at once; the reload every 1 s covers a lost one). */
  const applied = (status: string) => eventually(async () => (await readyz()).body?.region_status === status, 10_000);

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { ACCESS_RESYNC_MS: '1000' } });
    t = await stack.createTenant();
    await stack.admin('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 20 });
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(t)).jwt);
  });
  afterAll(() => stack?.stop());

  it('draining serves existing stations and creates no new one; disabled answers 503; active again restores everything', async () => {
    expect((await readyz()).body).toMatchObject({ status: 'ok', region: stack.regionId, region_status: 'active' });
    expect((await gw.produce('kept', 'before', text)).status).toBe(200); // created implicitly

    // ---- draining
    await setStatus('draining');
    expect(await applied('draining')).toBeLessThan(5_000);
    expect((await readyz()).status).toBe(200);
    expect((await gw.produce('kept', 'while draining', text)).status).toBe(200);
    const consumed = await gw.consumeAll('kept', { consumer_name: 'c', consumer_group: 'g' }, 2);
    expect(consumed.map((m) => m.message)).toEqual(['before', 'while draining']);
    const implicit = await gw.produce('fresh', 'x', text);
    expect(implicit.status).toBe(409);
    expect(implicit.body).toEqual({ error: `Region ${stack.regionId} is draining: no new stations are created there (existing ones are still served)`, success: false });
    const byOperator = await requestJson(`${stack.operatorUrl}/admin/accounts/${t.accountId}/stations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region_id: stack.regionId, name: 'by-operator' }),
    });
    expect(byOperator.status).toBe(409);
    expect(byOperator.text).toContain(`Region ${stack.regionId} is draining`);
    expect((await login()).status).toBe(200);

    // ---- disabled
    await setStatus('disabled');
    expect(await applied('disabled')).toBeLessThan(5_000);
    const ready = await readyz();
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', region_status: 'disabled', checks: { regionNotDisabled: false, accessState: true } });
    for (const res of [
      await gw.produce('kept', 'x', text),
      await gw.produceBatch('kept', '["x"]'),
      await gw.consume('kept', { consumer_name: 'c', consumer_group: 'g', batch_max_wait_time_ms: 100 }),
      await new GatewayClient(stack.gatewayUrl, '').produce('kept', 'no token', text),
    ]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(res.body).toEqual({ error: `Region ${stack.regionId} is disabled; retry later or use another region`, success: false });
    }
    const auth = await login();
    expect(auth.status).toBe(503);
    expect(auth.headers.get('retry-after')).toBe('30');
    expect(auth.text).toContain(`Region ${stack.regionId} is disabled`);
    // The control plane itself still logs in (login is global); only this region's URL refuses.
    expect((await stack.authenticate({ username: t.username, password: t.password, account_id: t.accountId }, { via: 'control-plane' })).status).toBe(200);

    // ---- active again
    await setStatus('active');
    expect(await applied('active')).toBeLessThan(5_000);
    expect((await readyz()).status).toBe(200);
    expect((await gw.produce('kept', 'after', text)).status).toBe(200);
    expect((await gw.produce('fresh', 'now allowed', text)).status).toBe(200);
    expect((await login()).status).toBe(200);
  }, 120_000);

  it('keeps the status across a control-plane republish (the store rewritten from the database)', async () => {
    await setStatus('draining');
    await applied('draining');
    // A republish rewrites the whole access state from PostgreSQL: the status is part of it.
    await stack.restartControlPlane('SIGKILL');
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await readyz()).body.region_status).toBe('draining');
    expect((await gw.produce('fresh-2', 'x', text)).status).toBe(409);
    await setStatus('active');
    await applied('active');
  }, 120_000);
});
