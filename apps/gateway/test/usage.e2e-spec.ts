import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@restgw/platform';
import { serviceUrls, Stack, Tenant } from '@restgw/testing';
import { GatewayClient, sleep } from './gateway-client';

const run = promisify(execFile);
const FLUSH_MS = 1000;

/**
 * Usage metering end to end (real processes): gateways count, ship every
 * USAGE_FLUSH_MS through the region worker to the control plane, which
 * stores minute rows rolled up into hours and days; the usage API and the CLI
 * read them; monthly quotas stop produce, not consume.
 */
describe('usage metering and monthly quotas', () => {
  let stack: Stack;
  let tenant: Tenant;
  let token: string;
  let startedAt: number;

  const usage = (accountId: number, query = '') =>
    stack.admin('GET', `/admin/accounts/${accountId}/usage?granularity=minute&from=${startedAt - 120_000}${query}`);

  /** Polls the usage API until `done` holds (or the time is up), then returns the last answer. */
  async function usageWhen(accountId: number, done: (u: any) => boolean, timeoutMs = 30_000, query = ''): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last = await usage(accountId, query);
    while (!done(last) && Date.now() < deadline) {
      await sleep(250);
      last = await usage(accountId, query);
    }
    return last;
  }

  const cli = async (...args: string[]): Promise<any> => {
    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'dist/tools/cli/src/main.js'), ...args, '--json'], {
      env: { ...process.env, DATABASE_URL: stack.db.url, REDIS_URL: serviceUrls.redis, REDIS_KEY_PREFIX: stack.redisKeyPrefix },
    });
    return JSON.parse(stdout);
  };

  beforeAll(async () => {
    startedAt = Date.now();
    stack = await Stack.start({ gatewayEnv: { USAGE_FLUSH_MS: String(FLUSH_MS), LIMITS_RESYNC_MS: '1000' } });
    await stack.addGateway();
    tenant = await stack.createTenant();
    token = (await stack.login(tenant)).jwt;
  }, 120_000);
  afterAll(() => stack?.stop());

  it('known volumes produced and consumed across two replicas and two stations are reported exactly', async () => {
    const [g1, g2] = stack.gateways.map((g) => new GatewayClient(g.url, token));
    let requests = 0;
    const ok = async (p: Promise<{ status: number }>) => {
      requests++;
      expect((await p).status).toBe(200);
    };
    for (let i = 0; i < 7; i++) await ok(g1.produce('s1', 'abcde'));
    await ok(g1.produceBatch('s2', '[1,2,3]'));
    await ok(g1.produceBatch('s2', '[4, 5, 6]'));
    await ok(g2.produceBatch('s1', '["hello","world"]'));
    for (let i = 0; i < 4; i++) await ok(g2.produce('s2', 'xy'));
    // Refusals count too: a 415 on s1 and a 400 for a station name that is no name (counted under '').
    expect((await g1.produce('s1', 'x', { 'content-type': 'image/png' })).status).toBe(415);
    expect((await g2.produce('Not%20A%20Name', 'x')).status).toBe(400);

    // Consume s1 through replica 2 (its group may live on either replica: a relayed answer is counted once).
    const consumed: string[] = [];
    let consumeRequests = 0;
    while (consumed.length < 9 && consumeRequests < 30) {
      consumeRequests++;
      const res = await g2.consume('s1', { consumer_name: 'c', consumer_group: 'usage', batch_size: 5, batch_max_wait_time_ms: 1000 });
      expect(res.status).toBe(200);
      consumed.push(...res.body.map((m: { message: string }) => m.message));
    }
    expect(consumed.sort()).toEqual(['"hello"', '"world"', ...Array(7).fill('abcde')].sort());
    const twoxx = requests + consumeRequests;

    const expected = { produced_messages: 19, produced_bytes: 49 + 14, consumed_messages: 9, consumed_bytes: 49, requests_2xx: twoxx, requests_4xx: 2, requests_429: 0, requests_5xx: 0 };
    const report = await usageWhen(tenant.accountId, (u) => JSON.stringify(u.totals) === JSON.stringify(expected));
    expect(report.totals).toEqual(expected);
    expect(report.stations.s1).toMatchObject({ produced_messages: 9, produced_bytes: 49, consumed_messages: 9, consumed_bytes: 49 });
    expect(report.stations.s2).toMatchObject({ produced_messages: 10, produced_bytes: 14, consumed_messages: 0 });
    expect(report.stations['']).toMatchObject({ requests_4xx: 1, produced_messages: 0 });
    expect(Object.keys(report.regions)).toEqual([stack.regionId]);

    // Nothing is counted twice: later flushes (empty) change nothing, and the hour and day roll-ups agree.
    await sleep(3 * FLUSH_MS);
    expect((await usage(tenant.accountId)).totals).toEqual(expected);
    for (const granularity of ['hour', 'day']) {
      const rolled = await stack.admin('GET', `/admin/accounts/${tenant.accountId}/usage?granularity=${granularity}&from=${startedAt - 86_400_000 * 2}&station=s1`);
      expect(rolled.totals).toMatchObject({ produced_messages: 9, consumed_messages: 9 });
    }

    // The CLI reads the same.
    const viaCli = await cli('account', 'usage', '--account', String(tenant.accountId), '--granularity', 'minute', '--from', String(startedAt - 120_000), '--station', 's2');
    expect(viaCli.totals).toMatchObject({ produced_messages: 10, produced_bytes: 14 });

    // A graceful stop sends what the replica counted last.
    await ok(g2.produce('s2', 'last'));
    await stack.gateways[1].stop('SIGTERM');
    const final = await usageWhen(tenant.accountId, (u) => u.totals.produced_messages === 20, 15_000);
    expect(final.totals).toMatchObject({ produced_messages: 20, produced_bytes: 67 });
  }, 120_000);

  it('a gateway killed with SIGKILL loses at most its last flush interval of counts', async () => {
    const killed = await stack.addGateway({ USAGE_FLUSH_MS: String(FLUSH_MS) });
    const gw = new GatewayClient(killed.url, token);
    const acceptedAt: number[] = [];
    const until = Date.now() + 3_500;
    while (Date.now() < until) {
      const res = await gw.produce('killed', 'k');
      if (res.status === 200) acceptedAt.push(Date.now());
      await sleep(40);
    }
    await killed.stop('SIGKILL');
    const killedAt = Date.now();
    const total = acceptedAt.length;
    // Counted before the last interval (plus the moment a report takes to leave): these must be reported.
    const mustHave = acceptedAt.filter((t) => t < killedAt - FLUSH_MS - 250).length;
    expect(mustHave).toBeGreaterThan(total / 3);

    const report = await usageWhen(tenant.accountId, (u) => (u.stations.killed?.produced_messages ?? 0) >= mustHave, 20_000);
    await sleep(2 * FLUSH_MS); // anything still on its way
    const reported = (await usage(tenant.accountId)).stations.killed?.produced_messages ?? 0;
    expect(report.stations.killed.produced_messages).toBeGreaterThanOrEqual(mustHave);
    expect(reported).toBeGreaterThanOrEqual(mustHave);
    expect(reported).toBeLessThanOrEqual(total);
  }, 60_000);

  it('a monthly quota reached: produce answers 429 naming it, consume is still served; operators see it', async () => {
    const q = await stack.createTenant();
    const qToken = (await stack.login(q)).jwt;
    const set = await cli('account', 'limits', '--account', String(q.accountId), '--monthly-messages', '20', '--quota-warning-percent', '50');
    expect(set.quotas).toEqual({ monthly_messages: 20, monthly_bytes: null, warning_percent: 50 });

    const gw = new GatewayClient(stack.gateways[0].url, qToken);
    expect((await gw.produceBatch('metered', JSON.stringify(Array.from({ length: 20 }, (_, i) => i)))).status).toBe(200);
    // The quota is used up once the usage reached the control plane; produce is refused from then on (a few may pass meanwhile).
    let refused: Awaited<ReturnType<GatewayClient['produce']>> | null = null;
    let overshoot = 0;
    const deadline = Date.now() + 30_000;
    while (!refused && Date.now() < deadline) {
      const res = await gw.produce('metered', 'more');
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        overshoot++;
        await sleep(200);
      }
    }
    expect(refused).not.toBeNull();
    expect(refused!.body.error).toMatch(/Monthly quota of 20 messages produced is used up for this account/);
    expect(refused!.headers.get('ratelimit-limit')).toBe('20');
    expect(refused!.headers.get('ratelimit-remaining')).toBe('0');
    const now = new Date();
    const secondsToMonthEnd = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000;
    expect(Math.abs(Number(refused!.headers.get('retry-after')) - secondsToMonthEnd)).toBeLessThan(60);
    expect(Number(refused!.headers.get('ratelimit-reset'))).toBe(Number(refused!.headers.get('retry-after')));
    // Batches too, on any station.
    expect((await gw.produceBatch('other', '[1]')).status).toBe(429);

    const consumed = await gw.consumeAll('metered', { consumer_name: 'reader', consumer_group: 'reader', batch_size: 100 }, 20 + overshoot);
    expect(consumed.length).toBe(20 + overshoot);

    const watch = await stack.admin('GET', '/admin/quotas');
    expect(watch).toEqual(expect.arrayContaining([expect.objectContaining({ account_id: q.accountId, state: 'exceeded_messages', monthly_messages: expect.objectContaining({ quota: 20 }) })]));
    const shown = await cli('account', 'limits', '--account', String(q.accountId));
    expect(shown.quota_status).toMatchObject({ state: 'exceeded_messages', monthly_messages: { quota: 20, used: 20 + overshoot } });

    // Raising the quota lets produce through again.
    await stack.admin('PATCH', `/admin/accounts/${q.accountId}/limits`, { monthly_messages_quota: 1_000 });
    const reopened = Date.now() + 15_000;
    let status = 429;
    while (status === 429 && Date.now() < reopened) {
      status = (await gw.produce('metered', 'again')).status;
      if (status === 429) await sleep(200);
    }
    expect(status).toBe(200);
  }, 120_000);
});
