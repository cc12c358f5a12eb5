import { request as httpRequest } from 'node:http';
import { requestJson, Stack, Tenant } from '@restgw/testing';
import { GatewayClient, sleep } from './gateway-client';

const VISIBILITY_MS = 1000;

/**
 * Memphis REST gateway behaviours its clients depend on (issue 13), through
 * the real apps on Kafka and Redis. The visibility timeout is shortened so
 * a "slow" poller is one that waits longer than a second between polls.
 */
describe('gateway: Memphis drop-in', () => {
  let stack: Stack;
  let tenant: Tenant;
  let gw: GatewayClient;
  let n = 0;
  const station = (name: string) => `${name}-${++n}`;
  const messages = (res: { body: any }) => res.body.map((m: any) => m.message);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    requestJson(`${stack.gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${gw.token}`, ...headers }, body });

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { CONSUME_VISIBILITY_TIMEOUT_MS: String(VISIBILITY_MS) } });
    tenant = await stack.createTenant();
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
  });
  afterAll(() => stack?.stop());

  it('matches routes in any case and with a trailing slash: station routes, /auth through the gateway, monitoring', async () => {
    const st = station('routes');
    const produced = await post(`/Stations/${st}/Produce/Single/`, 'x', { 'content-type': 'text/plain' });
    expect(produced.status).toBe(200);
    expect((await post(`/STATIONS/${st}/PRODUCE/BATCH/`, '[2]', { 'content-type': 'application/json' })).status).toBe(200);
    const consumed = await post(`/stations/${st}/Consume/Batch/`, JSON.stringify({ consumer_name: 'c', batch_size: 2 }), { 'content-type': 'application/json' });
    expect(consumed.status).toBe(200);
    expect(messages(consumed)).toEqual(['x', '2']);
    const login = await requestJson(`${stack.gatewayUrl}/Auth/Authenticate/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: tenant.username, password: tenant.password, account_id: tenant.accountId }),
    });
    expect(login.status).toBe(200);
    expect((await requestJson(`${stack.gatewayUrl}/Monitoring/Status/`)).status).toBe(200);
  });

  it('accepts any content type containing text or application/json, as Memphis does', async () => {
    const st = station('types');
    for (const ct of ['application/json-patch+json', 'application/richtext', 'text/x-anything', 'application/jsonx; charset=utf-8']) {
      expect({ ct, status: (await gw.produce(st, '{}', { 'content-type': ct })).status }).toEqual({ ct, status: 200 });
    }
    expect((await gw.produceBatch(st, '[1]', { 'content-type': 'application/json-patch+json' })).status).toBe(200);
    expect((await gw.produce(st, '{}', { 'content-type': 'application/xml' })).status).toBe(415);
  });

  it('returns canonical header names and the first value of a repeated header', async () => {
    const st = station('headers');
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${stack.gatewayUrl}/stations/${st}/produce/single`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.setHeader('authorization', `Bearer ${gw.token}`);
      req.setHeader('content-type', 'text/plain');
      req.setHeader('x-trace-id', 'trace-1');
      req.setHeader('x-repeated', ['first', 'second']); // two header lines
      req.setHeader('X-UPPER-CASE', 'u');
      req.end('hello');
    });
    expect(status).toBe(200);
    const [msg] = await gw.consumeAll(st, { consumer_name: 'c' }, 1);
    expect(msg.headers).toMatchObject({ 'Content-Type': 'text/plain', 'X-Trace-Id': 'trace-1', 'X-Repeated': 'first', 'X-Upper-Case': 'u' });
    expect(Object.keys(msg.headers).filter((h) => h !== h.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('-'))).toEqual([]);
  });

  it('takes 0 as the default: batch_size 10, batch_max_wait_time_ms 5000, account_id 0 names no account', async () => {
    const st = station('zero');
    expect((await gw.produceBatch(st, JSON.stringify(Array.from({ length: 12 }, (_, i) => i)))).status).toBe(200);
    const first = await gw.consume(st, { consumer_name: 'z', batch_size: 0, batch_max_wait_time_ms: 0, account_id: 0 }, '?accountId=0');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(10);
    await gw.consume(st, { consumer_name: 'z', batch_size: 2 }); // acknowledges the 10, takes the last 2
    const started = Date.now();
    const empty = await gw.consume(st, { consumer_name: 'z', batch_max_wait_time_ms: 0 });
    expect(empty.body).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500); // the 5 s default, not the 100 ms floor

    const login = await stack.authenticate(
      { username: tenant.username, password: tenant.password, account_id: 0, token_expiry_in_minutes: 0, refresh_token_expiry_in_minutes: -1 },
      { query: `?accountId=${tenant.accountId}` },
    );
    expect(login.status).toBe(200);
    expect(login.body.expires_in).toBe(15 * 60_000);
    expect(login.body.refresh_token_expires_in).toBe(300 * 60_000);
  }, 30_000);

  it('answers 401 to refreshToken without a token (clients log in again on 401)', async () => {
    for (const init of [{ body: '{}', headers: { 'content-type': 'application/json' } }, {}]) {
      const res = await requestJson(`${stack.gatewayUrl}/auth/refreshToken`, { method: 'POST', ...init });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
    }
  });

  it('puts consumers without consumer_group in one shared group: they split the station, nothing twice', async () => {
    const st = station('default-group');
    expect((await gw.produceBatch(st, JSON.stringify(Array.from({ length: 20 }, (_, i) => i)))).status).toBe(200);
    const [x, y] = await Promise.all([
      gw.consumeAll(st, { consumer_name: 'worker-x', batch_size: 3 }, 20, 8),
      gw.consumeAll(st, { consumer_name: 'worker-y', batch_size: 3 }, 20, 8),
    ]);
    const all = [...x, ...y].map((m) => Number(m.message));
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(x.length).toBeGreaterThan(0);
    expect(y.length).toBeGreaterThan(0);
    // A consumer naming a group, even "rest-gateway", is in another group and gets everything.
    expect(await gw.consumeAll(st, { consumer_name: 'other', consumer_group: 'rest-gateway', batch_size: 20 }, 20)).toHaveLength(20);
  }, 60_000);

  it('lets a consumer that polls less often than the visibility timeout advance on every poll', async () => {
    const st = station('slow');
    expect((await gw.produceBatch(st, '[1,2,3,4,5,6]')).status).toBe(200);
    const poll = () => gw.consume(st, { consumer_name: 'cron', consumer_group: 'cron', batch_size: 2, batch_max_wait_time_ms: 3000 });
    const seen: string[][] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await sleep(VISIBILITY_MS * 2);
      seen.push(messages(await poll()));
    }
    expect(seen).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    await sleep(VISIBILITY_MS * 2);
    expect(messages(await gw.consume(st, { consumer_name: 'cron', consumer_group: 'cron', batch_max_wait_time_ms: 300 }))).toEqual([]);
    expect(messages(await gw.consume(st, { consumer_name: 'late', consumer_group: 'cron', batch_max_wait_time_ms: 300 }))).toEqual([]);
  }, 30_000);

  it('still gives an abandoned batch to another member after the visibility timeout, and only then', async () => {
    const st = station('abandoned');
    expect((await gw.produceBatch(st, '[1,2]')).status).toBe(200);
    const member = (name: string, wait = 300) => gw.consume(st, { consumer_name: name, consumer_group: 'team', batch_size: 5, batch_max_wait_time_ms: wait });
    let taken: string[] = [];
    while (taken.length === 0) taken = messages(await member('gone', 2000));
    expect(taken).toEqual(['1', '2']);
    expect(messages(await member('stays'))).toEqual([]); // still leased to "gone"
    await sleep(VISIBILITY_MS + 300);
    expect(messages(await member('stays'))).toEqual(['1', '2']);
    // "gone" coming back now acknowledges nothing of it: "stays" holds it.
    expect(messages(await member('gone'))).toEqual([]);
    await sleep(VISIBILITY_MS + 300);
    expect(messages(await member('third'))).toEqual(['1', '2']); // "stays" never asked again
  }, 30_000);
});
