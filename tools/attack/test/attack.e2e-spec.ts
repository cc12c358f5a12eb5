import { randomBytes } from 'node:crypto';
import { rawRequest, Stack, Tenant } from '@restgw/testing';
import { bearer, headerNames, post } from './attack-kit';
import { forgeApiKeys } from './forged-keys';
import { forgeTokens } from './forged-tokens';
import { AttackExtras, HOSTILE_INPUTS, Probe, validRequest } from './hostile-inputs.table';
import { AttackContext, Listener, ROUTES, RouteSpec } from './routes.table';

const GATEWAY_BODY_LIMIT = 262_144;
const CONTROL_BODY_LIMIT = 65_536;

/**
 * The attack suite: every route of routes.table.ts x every hostile input of
 * hostile-inputs.table.ts that applies to it, against real processes (a
 * control plane with its operator listener, a gateway, a region worker).
 * Invariant, on every probe: no malformed request answers 5xx. Probes that
 * name their expected answers are held to them too (401 for every forged
 * token, 404 for every traversal, 400 for every out-of-range number, ...).
 */
describe('attack suite: routes x hostile inputs', () => {
  let stack: Stack;
  let ctx: AttackContext;
  let extras: AttackExtras;
  let a: Tenant;
  let b: Tenant;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    stack = await Stack.start({
      operatorListener: true,
      // Bad API keys are throttled per address (their own e2e tests): here every forged key must answer exactly 401.
      controlPlaneEnv: { BODY_LIMIT_BYTES: String(CONTROL_BODY_LIMIT), LOGIN_MAX_FAILURES: '10', LOGIN_IP_MAX_FAILURES: '1000000', API_KEY_MAX_FAILURES: '1000000' },
      gatewayEnv: { BODY_LIMIT_BYTES: String(GATEWAY_BODY_LIMIT), API_KEY_MAX_FAILURES: '1000000' },
    });
    a = await stack.createTenant({ username: 'attacker' });
    b = await stack.createTenant({ username: 'victim' });
    const station = `shared-${run}`;
    for (const t of [a, b]) await stack.admin('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: station });
    const schema = await stack.admin<{ id: string }>('POST', `/admin/accounts/${a.accountId}/schemas`, { name: 'attack', type: 'json', definition: '{"type":"object"}' });
    const grant = await stack.login(a);
    const keys = await apiKeys(a.accountId, station);
    ctx = {
      urls: { gateway: stack.gatewayUrl, public: stack.controlPlaneUrl, operator: stack.operatorUrl },
      regionId: stack.regionId,
      operatorEmail: stack.operatorEmail,
      operatorPassword: stack.operatorPassword,
      operatorToken: stack.operatorToken,
      a: { ...a, jwt: grant.jwt, refresh: async () => (await stack.login(a)).jwt_refresh_token, station, schemaId: schema.id, apiKeyId: keys.customerId },
      b: { accountId: b.accountId, username: b.username, station },
    };
    extras = {
      forged: {
        customer: await forgeTokens(grant.jwt, stack.db.url, 'restgw-control-plane'),
        operator: await forgeTokens(stack.operatorToken, stack.db.url, 'restgw-control-plane'),
      },
      bodyLimit: { gateway: GATEWAY_BODY_LIMIT, control: CONTROL_BODY_LIMIT },
      forgedKeys: { customer: forgeApiKeys('customer', keys.customer), operator: forgeApiKeys('operator', keys.operator) },
      keys: { customer: keys.customer.real, operator: keys.operator.real },
    };
  }, 180_000);
  afterAll(() => stack?.stop());

  /** A valid, a revoked and an expired API key of each kind (customer keys: the attacker's account, its station). */
  async function apiKeys(accountId: number, station: string) {
    const soon = () => new Date(Date.now() + 1500).toISOString();
    const make = async (path: string, body: Record<string, unknown>) => stack.admin<{ id: string; key: string }>('POST', path, body);
    const kinds = {
      operator: { path: '/admin/api-keys', body: { scopes: ['admin:read', 'admin:write', 'regions:write'] }, revoke: (id: string) => `/admin/api-keys/${id}` },
      customer: { path: `/admin/accounts/${accountId}/api-keys`, body: { scopes: ['produce', 'consume'], stations: [station] }, revoke: (id: string) => `/admin/accounts/${accountId}/api-keys/${id}` },
    };
    const out = {} as Record<'operator' | 'customer', { real: string; revoked: string; expired: string }> & { customerId: string };
    for (const [kind, k] of Object.entries(kinds) as Array<[keyof typeof kinds, (typeof kinds)['operator']]>) {
      const real = await make(k.path, { name: `attack-${kind}`, ...k.body });
      const revoked = await make(k.path, { name: `attack-${kind}-revoked`, ...k.body });
      await stack.admin('DELETE', k.revoke(revoked.id));
      const expired = await make(k.path, { name: `attack-${kind}-expired`, ...k.body, expires_at: soon() });
      out[kind] = { real: real.key, revoked: revoked.key, expired: expired.key };
      if (kind === 'customer') out.customerId = real.id;
    }
    await new Promise((r) => setTimeout(r, 1600)); // the expired keys expire
    return out;
  }

  async function send(listener: Listener, p: Probe): Promise<{ status: number; text: string }> {
    return rawRequest(ctx.urls[listener], p.method ?? 'GET', p.path, { headers: clean(p.headers), body: p.body });
  }

  /** Sends every probe; returns the ones that broke the invariant or their expectation. */
  async function violations(route: RouteSpec, probes: Probe[]): Promise<string[]> {
    const out: string[] = [];
    for (const p of probes) {
      const res = await send(route.listener, p);
      const ok = res.status > 0 && res.status < 500 && (!p.expect || p.expect.includes(res.status));
      if (!ok) out.push(`${p.label}: ${p.method ?? 'GET'} ${p.path.slice(0, 120)} -> ${res.status} ${res.text.slice(0, 160)}`);
    }
    return out;
  }

  const cases = ROUTES.flatMap((route) => HOSTILE_INPUTS.filter((input) => input.applies(route)).map((input) => [`${route.listener} ${route.method} ${route.path}`, input.name, route, input] as const));

  it.each(cases)('%s x %s', async (_route, _input, route, input) => {
    const probes = await input.probes(route, ctx, extras);
    expect(await violations(route, probes)).toEqual([]);
  });

  it.each(ROUTES.map((r) => [`${r.listener} ${r.method} ${r.path}`, r] as const))('%s answers its valid request below 500', async (_name, route) => {
    if (route.destructive) return; // its valid request would change the deployment under the other cases
    const valid = await validRequest(route, ctx);
    const res = await send(route.listener, { label: 'valid', ...valid });
    expect({ status: res.status < 500 ? 'ok' : res.status, text: res.status < 500 ? '' : res.text }).toEqual({ status: 'ok', text: '' });
  });

  it.each(ROUTES.filter((r) => r.listener === 'operator').map((r) => [`${r.method} ${r.path}`, r] as const))(
    'the public listener answers %s 404 (operator listener only)',
    async (_name, route) => {
      const valid = await validRequest(route, ctx);
      const res = await rawRequest(ctx.urls.public, route.method, valid.path, { headers: clean(valid.headers), body: route.destructive ? undefined : valid.body });
      expect(res.status).toBe(404);
    },
  );

  it.each(ROUTES.filter((r) => r.login).map((r) => [`${r.listener} ${r.path}`, r] as const))('%s: 25 concurrent wrong guesses, at most LOGIN_MAX_FAILURES verified', async (_name, route) => {
    const name = `brute-${randomBytes(3).toString('hex')}`;
    const body = route.login === 'operator' ? { email: `${name}@example.test`, password: 'wrong-password' } : { username: name, password: 'wrong-password', account_id: ctx.a.accountId };
    const answers = await Promise.all(Array.from({ length: 25 }, () => post(`${ctx.urls[route.listener]}${route.path}`, body)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("one tenant never reads another's messages through the same station name", async () => {
    const produce = await rawRequest(ctx.urls.gateway, 'POST', `/stations/${ctx.a.station}/produce/single`, { headers: { ...bearer(ctx.a.jwt), 'content-type': 'text/plain' }, body: `secret-of-a-${run}` });
    expect(produce.status).toBe(200);
    const victimToken = (await stack.login(b)).jwt;
    const read = await post(`${ctx.urls.gateway}/stations/${ctx.b.station}/consume/batch`, { consumer_name: 'reader', batch_max_wait_time_ms: 1000, batch_size: 100 }, bearer(victimToken));
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(`secret-of-a-${run}`);
  });

  it('never copies a credential header into a message', async () => {
    const station = `hdr-${run}`;
    const secrets = { 'X-Api-Key': 's1', 'Api-Key': 's2', 'X-Auth-Token': 's3', 'X-Amz-Security-Token': 's4', 'X-Access-Token': 's5', Cookie: 's6', 'Proxy-Authorization': 's7', 'X-Goog-Api-Key': 's8' };
    const res = await rawRequest(ctx.urls.gateway, 'POST', `/stations/${station}/produce/single`, { headers: { ...bearer(ctx.a.jwt), 'content-type': 'text/plain', ...secrets }, body: 'x' });
    expect(res.status).toBe(200);
    const [message] = (await post(`${ctx.urls.gateway}/stations/${station}/consume/batch`, { consumer_name: 'h', batch_max_wait_time_ms: 1000 }, bearer(ctx.a.jwt))).body;
    const names = headerNames(message);
    for (const secret of [...Object.keys(secrets).map((s) => s.toLowerCase()), 'authorization']) expect(names).not.toContain(secret);
  });

  it('leaves every process up and ready after the sweep', async () => {
    for (const url of Object.values(ctx.urls)) expect((await rawRequest(url, 'GET', '/readyz')).status).toBe(200);
  });
});

/** Drops headers set to '' (a probe's way of sending none). */
function clean(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
}
