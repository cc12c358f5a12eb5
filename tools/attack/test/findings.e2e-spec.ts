import { randomBytes } from 'node:crypto';
import { rawRequest, requestJson, Stack, Tenant } from '@restgw/testing';
import { bearer, deepJson, deepObject, headerNames, post, postRaw } from './attack-kit';

/**
 * One regression test per finding of issue 11 ("Security"), each against real
 * processes and each failing on the code the finding was reported on. The
 * attack tables (attack.e2e-spec.ts) sweep the same classes over every route.
 */
describe('issue 11 findings (cluster profile)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let token: string;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    stack = await Stack.start({
      // The test client plays the trusted proxy, so each scenario can speak from an address of its own.
      controlPlaneEnv: { TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '10', LOGIN_IP_MAX_FAILURES: '20' },
    });
    tenant = await stack.createTenant();
    token = (await stack.login(tenant)).jwt;
  }, 120_000);
  afterAll(() => stack?.stop());

  const login = (body: Record<string, unknown>, from?: string, base = stack.controlPlaneUrl) =>
    post(`${base}/auth/authenticate`, body, from ? { 'x-forwarded-for': from } : {});
  const operatorLogin = (password: string, from: string) =>
    post(`${stack.operatorUrl}/admin/login`, { email: stack.operatorEmail, password }, { 'x-forwarded-for': from });
  const consume = (station: string, body: Record<string, unknown>) =>
    post(`${stack.gatewayUrl}/stations/${station}/consume/batch`, { batch_max_wait_time_ms: 1500, ...body }, bearer(token));
  const produce = (station: string, text: string, headers: Record<string, string> = {}) =>
    requestJson(`${stack.gatewayUrl}/stations/${station}/produce/single`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'text/plain', ...headers }, body: text });

  describe('1. path traversal through the gateway', () => {
    it('never reaches the operator or internal routes through /auth', async () => {
      const operator = { email: stack.operatorEmail, password: stack.operatorPassword };
      for (const path of ['/auth/../admin/login', '/auth/%2e%2e/admin/login', '/auth/authenticate/../../admin/login', '/auth/..%2fadmin/login', '/auth/%2E%2E/admin/login']) {
        const res = await postRaw(stack.gatewayUrl, path, operator);
        expect({ path, status: res.status, token: res.body?.token }).toEqual({ path, status: 404, token: undefined });
      }
      const accounts = await rawRequest(stack.gatewayUrl, 'GET', '/auth/%2e%2e/admin/accounts', { headers: bearer(stack.operatorToken) });
      expect(accounts.status).toBe(404);
      const implicit = await postRaw(stack.gatewayUrl, '/auth/%2e%2e/internal/stations/implicit', { region_id: stack.regionId, station: `trav-${run}` }, bearer(token));
      expect(implicit.status).toBe(404);
      expect((await stack.admin('GET', `/admin/accounts/${tenant.accountId}/stations`)).map((s: { name: string }) => s.name)).not.toContain(`trav-${run}`);
    });

    it('still relays the two public token routes, with ?accountId=', async () => {
      const viaQuery = await post(`${stack.gatewayUrl}/auth/authenticate?accountId=${tenant.accountId}`, { username: tenant.username, password: tenant.password });
      expect(viaQuery.status).toBe(200);
      const refreshed = await post(`${stack.gatewayUrl}/auth/refreshToken`, { jwt_refresh_token: viaQuery.body.jwt_refresh_token });
      expect(refreshed.status).toBe(200);
      expect((await requestJson(`${stack.gatewayUrl}/auth/jwks`, { method: 'POST' })).status).toBe(404);
    });
  });

  describe('2. operator login is throttled', () => {
    it('answers 429 with Retry-After after LOGIN_MAX_FAILURES wrong passwords', async () => {
      const from = '198.51.100.2';
      for (let i = 0; i < 10; i++) expect((await operatorLogin('wrong-password', from)).status).toBe(401);
      const res = await operatorLogin(stack.operatorPassword, from);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      // The operator, from their own address, is not locked out by those guesses.
      expect((await operatorLogin(stack.operatorPassword, '198.51.100.3')).status).toBe(200);
    });
  });

  describe('3. the login throttle counts before verifying', () => {
    it('evaluates only LOGIN_MAX_FAILURES of 25 concurrent wrong guesses', async () => {
      const from = '198.51.100.4';
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => login({ username: tenant.username, password: 'wrong-password', account_id: tenant.accountId }, from)),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
      // The correct password from that address waits for the window too ...
      expect((await login({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }, from)).status).toBe(429);
      // ... but the victim, from their own address, is not locked out.
      expect((await login({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }, '198.51.100.5')).status).toBe(200);
    });

    it('limits one address over many names (LOGIN_IP_MAX_FAILURES)', async () => {
      const from = '198.51.100.6';
      for (let i = 0; i < 20; i++) {
        expect((await login({ username: `guess-${i}`, password: 'wrong-password', account_id: tenant.accountId }, from)).status).toBe(401);
      }
      expect((await login({ username: 'guess-20', password: 'wrong-password', account_id: tenant.accountId }, from)).status).toBe(429);
    });
  });

  describe('4. out-of-range numbers', () => {
    it.each([987654321012, 2147483648])('account_id %p in the body answers 400 naming the field', async (id) => {
      const res = await login({ username: tenant.username, password: 'x', account_id: id });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/account_id/);
    });
    it.each(['2147483648', '987654321012', '99999999999999999999999'])('?accountId=%s and name$%s answer 400', async (id) => {
      const query = await post(`${stack.controlPlaneUrl}/auth/authenticate?accountId=${id}`, { username: tenant.username, password: 'x' });
      expect(query.status).toBe(400);
      expect(query.body.message).toMatch(/accountId/);
      const named = await login({ username: `${tenant.username}$${id}`, password: 'x' });
      expect(named.status).toBe(400);
      expect(named.body.message).toMatch(/account id/);
    });
    it('GET /admin/accounts/:id and max_token_minutes answer 400', async () => {
      for (const id of ['2147483648', '987654321012', '99999999999999999999999']) {
        const res = await requestJson(`${stack.operatorUrl}/admin/accounts/${id}`, { headers: bearer(stack.operatorToken) });
        expect({ id, status: res.status }).toEqual({ id, status: 400 });
      }
      const res = await post(`${stack.operatorUrl}/admin/accounts`, { name: 'big', max_token_minutes: 3_000_000_000 }, bearer(stack.operatorToken));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/max_token_minutes/);
    });
  });

  describe('5. deeply nested JSON', () => {
    it('answers 400 on /admin/login, /internal/stations/implicit, /auth/authenticate and consume', async () => {
      // About 2,000 levels in a field (4 KB) overflowed class-transformer's stack: a 500 before any auth.
      const shapes = [
        `{"email":${deepJson(2000)},"password":"x"}`,
        `{"region_id":${deepJson(2000)},"station":"s"}`,
        deepObject(2000),
        deepJson(2000),
      ];
      for (const body of shapes) {
        const label = body.slice(0, 12);
        expect({ label, status: (await post(`${stack.operatorUrl}/admin/login`, body)).status }).toEqual({ label, status: 400 });
        expect({ label, status: (await post(`${stack.operatorUrl}/internal/stations/implicit`, body, bearer(token))).status }).toEqual({ label, status: 400 });
        expect({ label, status: (await post(`${stack.controlPlaneUrl}/auth/authenticate`, body)).status }).toEqual({ label, status: 400 });
        expect({ label, status: (await post(`${stack.gatewayUrl}/stations/deep-${run}/consume/batch`, body, bearer(token))).status }).toEqual({ label, status: 400 });
      }
      // The control plane is still up.
      expect((await requestJson(`${stack.controlPlaneUrl}/healthz`)).status).toBe(200);
    });
  });

  describe('6. long strings', () => {
    it('answers 400 for a 4,000-character username, at login and at user creation', async () => {
      const res = await login({ username: 'u'.repeat(4000), password: 'x', account_id: tenant.accountId });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/username must be at most 128/);
      const create = await post(`${stack.operatorUrl}/admin/accounts/${tenant.accountId}/users`, { username: 'u'.repeat(4000), password: 'password-1' }, bearer(stack.operatorToken));
      expect(create.status).toBe(400);
    });
  });

  describe('7. derived group names are injective', () => {
    it('a consumer of station x, group y.z never receives station x.y group z messages', async () => {
      const x = `inj-${run}`;
      expect((await produce(`${x}.y`, 'for x.y')).status).toBe(200);
      expect((await consume(`${x}.y`, { consumer_name: 'z', consumer_group: 'z' })).body).toEqual([expect.objectContaining({ message: 'for x.y' })]);
      expect((await produce(`${x}.y`, 'second for x.y')).status).toBe(200);
      const other = await consume(x, { consumer_name: 'c', consumer_group: 'y.z' });
      expect(other.status).toBe(200);
      expect(other.body).toEqual([]);
      // x.y's own group still gets its second message: nothing was committed away from it.
      const own = await consume(`${x}.y`, { consumer_name: 'z', consumer_group: 'z' });
      expect(own.body.map((m: { message: string }) => m.message)).toEqual(['second for x.y']);
    });
  });

  describe('8. names Kafka confuses (. versus _)', () => {
    it('refuses the second station with 409 naming the first, by an operator and implicitly', async () => {
      const first = `col_${run}`;
      await stack.admin('POST', `/admin/accounts/${tenant.accountId}/stations`, { region_id: stack.regionId, name: first });
      const admin = await post(`${stack.operatorUrl}/admin/accounts/${tenant.accountId}/stations`, { region_id: stack.regionId, name: `col.${run}` }, bearer(stack.operatorToken));
      expect(admin.status).toBe(409);
      expect(admin.body.message).toContain(first);
      const implicit = await produce(`col.${run}`, 'x');
      expect(implicit.status).toBe(409);
      expect(implicit.body.error).toContain(first);
      const policy = await stack.admin('GET', `/admin/accounts/${tenant.accountId}/station-policy`);
      const names = (await stack.admin('GET', `/admin/accounts/${tenant.accountId}/stations`)).map((s: { name: string }) => s.name);
      expect(names).not.toContain(`col.${run}`);
      expect(policy.stations).toBe(names.length);
    });
  });

  describe('9. look-alike characters are refused before lowercasing', () => {
    it('KELVIN SIGN in a station or group name answers 400 and writes nothing to "key"', async () => {
      const station = `k${run}`;
      const kelvin = `%E2%84%AA${run}`; // U+212A, which lowercases to "k"
      const res = await requestJson(`${stack.gatewayUrl}/stations/${kelvin}/produce/single`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'text/plain' }, body: 'x' });
      expect(res.status).toBe(400);
      const names = (await stack.admin('GET', `/admin/accounts/${tenant.accountId}/stations`)).map((s: { name: string }) => s.name);
      expect(names).not.toContain(station);
      expect((await consume(`grp-${run}`, { consumer_name: `\u212Aey` })).status).toBe(400);
      expect((await consume(`grp-${run}`, { consumer_name: 'c', consumer_group: `\u212Aey` })).status).toBe(400);
    });
  });

  describe('10. credential headers are not stored in messages', () => {
    it('drops the default credential set, keeps other headers', async () => {
      const station = `hdr-${run}`;
      const res = await produce(station, 'x', {
        'X-Api-Key': 'k1',
        'X-Auth-Token': 'k2',
        'Api-Key': 'k3',
        'X-Amz-Security-Token': 'k4',
        'X-Csrf-Token': 'k5',
        'X-Trace-Id': 'trace-1',
      });
      expect(res.status).toBe(200);
      const [message] = (await consume(station, { consumer_name: 'h' })).body;
      const names = headerNames(message);
      expect(names).toContain('x-trace-id');
      for (const secret of ['x-api-key', 'x-auth-token', 'api-key', 'x-amz-security-token', 'x-csrf-token', 'authorization']) expect(names).not.toContain(secret);
      expect(JSON.stringify(message)).not.toMatch(/k[1-5]"/);
    });

    it('drops operator-added names (MESSAGE_HEADERS_DROP) and copies only allowed names in allow-list mode', async () => {
      const dropping = await stack.addGateway({ MESSAGE_HEADERS_DROP: 'X-Tenant-Secret' });
      const allowing = await stack.addGateway({ MESSAGE_HEADERS_ALLOW: 'X-Trace-Id,Content-Type,Authorization' });
      try {
        const station = `hdr2-${run}`;
        const send = (url: string) =>
          requestJson(`${url}/stations/${station}/produce/single`, {
            method: 'POST',
            headers: { ...bearer(token), 'content-type': 'text/plain', 'X-Tenant-Secret': 's', 'X-Trace-Id': 't', 'X-Other': 'o' },
            body: 'x',
          });
        expect((await send(dropping.url)).status).toBe(200);
        expect((await send(allowing.url)).status).toBe(200);
        const messages = (await consume(station, { consumer_name: 'h', batch_size: 2 })).body;
        expect(messages).toHaveLength(2);
        const [dropped, allowed] = messages.map(headerNames);
        expect(dropped).toEqual(expect.arrayContaining(['x-trace-id', 'x-other']));
        expect(dropped).not.toContain('x-tenant-secret');
        expect(allowed.sort()).toEqual(['content-type', 'x-trace-id']);
      } finally {
        await dropping.stop();
        await allowing.stop();
      }
    });
  });

  describe('11. X-Forwarded-For is believed only from configured proxies', () => {
    it("a client's X-Forwarded-For through the gateway cannot spend someone else's login allowance", async () => {
      const victim = await stack.createTenant({ username: 'xff-victim' });
      const victimAddress = '198.51.100.50';
      // The attacker claims the victim's address in front of the gateway (which trusts no proxy) ...
      for (let i = 0; i < 12; i++) {
        await login({ username: victim.username, password: 'wrong-password', account_id: victim.accountId }, victimAddress, stack.gatewayUrl);
      }
      // ... yet the victim, really at that address behind the control plane's trusted proxy, logs in.
      expect((await login({ username: victim.username, password: victim.password, account_id: victim.accountId }, victimAddress)).status).toBe(200);
    });
  });
});
