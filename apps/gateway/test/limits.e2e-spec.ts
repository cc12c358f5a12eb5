import { JsonResponse, Stack } from '@restgw/testing';
import { GatewayClient, sleep } from './gateway-client';

interface LoadResult {
  ok: number;
  limited: JsonResponse[];
  other: JsonResponse[];
}

/**
 * Open-loop load: starts a produce every 1000/ratePerSecond ms, round robin
 * over `clients`, until `untilMs`, whatever the answers take (a loaded
 * machine's slow answers must not lower the offered rate); waits for all.
 */
async function offer(clients: GatewayClient[], station: string, ratePerSecond: number, untilMs: number): Promise<LoadResult> {
  const out: LoadResult = { ok: 0, limited: [], other: [] };
  const inFlight: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; ; i++) {
    const at = started + (i * 1000) / ratePerSecond;
    if (at >= untilMs) break;
    await sleep(Math.max(0, at - Date.now()));
    inFlight.push(
      clients[i % clients.length].produce(station, 'x').then((res) => {
        if (res.status === 200) out.ok++;
        else if (res.status === 429) out.limited.push(res);
        else out.other.push(res);
      }),
    );
  }
  await Promise.all(inFlight);
  return out;
}

function expectRateLimitAnswer(res: JsonResponse, limit: string, value: number): void {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ error: expect.stringContaining(limit), success: false });
  const reset = Number(res.headers.get('ratelimit-reset'));
  expect(res.headers.get('ratelimit-limit')).toBe(String(value));
  expect(res.headers.get('ratelimit-remaining')).toBe('0');
  expect(reset).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers.get('retry-after'))).toBe(reset);
}

/**
 * Tenant limits enforced by a region's gateway replicas together (real
 * processes, budgets in the region's Redis): one account limited, another
 * on the same replicas not; station overrides; consume limits.
 */
describe('tenant limits across gateway replicas', () => {
  const N = 10;
  let stack: Stack;
  let limited: { accountId: number; token: string };
  let other: { accountId: number; token: string };

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { LIMITS_RESYNC_MS: '1000' } });
    await stack.addGateway();
    await stack.addGateway();
    const [a, b] = await Promise.all([stack.createTenant(), stack.createTenant()]);
    limited = { accountId: a.accountId, token: (await stack.login(a)).jwt };
    other = { accountId: b.accountId, token: (await stack.login(b)).jwt };
  }, 120_000);
  afterAll(() => stack?.stop());

  /** Waits until every replica applies the account's limits version (the views are published at once, mirrors take them from pub/sub). */
  async function limitsEverywhere(check: (client: GatewayClient) => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (const g of stack.gateways) {
      const client = new GatewayClient(g.url, limited.token);
      while (!(await check(client))) {
        if (Date.now() > deadline) throw new Error(`limits did not reach ${g.url}`);
        await sleep(200);
      }
    }
  }

  it(`one account limited to ${N} messages/s: over 10 s the three replicas accept within 10% of ${N}/s, every 429 says why; another account is unaffected`, async () => {
    const set = await stack.admin('PATCH', `/admin/accounts/${limited.accountId}/limits`, { produce_messages_per_second: N });
    expect(set.limits.produce_messages_per_second).toBe(N);
    // Reached everywhere once a burst of 2N on each replica is refused in part.
    await limitsEverywhere(async (c) => {
      const answers = await Promise.all(Array.from({ length: 2 * N }, () => c.produce('warmup', 'x')));
      return answers.some((a) => a.status === 429);
    });
    await sleep(1100); // the warm-up's window is over

    const until = Date.now() + 10_000;
    const [limitedRun, otherRun] = await Promise.all([
      offer(stack.gateways.map((g) => new GatewayClient(g.url, limited.token)), 'orders', 4 * N, until),
      offer(stack.gateways.map((g) => new GatewayClient(g.url, other.token)), 'orders', 2 * N, until),
    ]);

    expect(limitedRun.other).toEqual([]);
    expect(limitedRun.limited.length).toBeGreaterThan(limitedRun.ok); // offered well above the limit
    expect(limitedRun.ok).toBeGreaterThanOrEqual(10 * N * 0.9);
    expect(limitedRun.ok).toBeLessThanOrEqual(10 * N * 1.1);
    for (const res of limitedRun.limited) expectRateLimitAnswer(res, 'produce_messages_per_second', N);

    // The other account, on the same replicas at twice that rate, is never refused.
    expect(otherRun.limited).toEqual([]);
    expect(otherRun.other).toEqual([]);
    expect(otherRun.ok).toBe(20 * N);
  }, 90_000);

  it('a station override has a budget of its own; a batch counts by its messages, one above the limit itself is a 413', async () => {
    await stack.admin('PUT', `/admin/accounts/${limited.accountId}/limits/stations/burst`, { produce_messages_per_second: 5 });
    await limitsEverywhere(async (c) => (await c.produceBatch('burst', JSON.stringify([1, 2, 3, 4, 5, 6]))).status === 413);
    await sleep(1100);
    const gw = new GatewayClient(stack.gateways[1].url, limited.token);
    expect((await gw.produceBatch('burst', '[1,2,3]')).status).toBe(200);
    const over = await gw.produceBatch('burst', '[4,5,6]');
    expectRateLimitAnswer(over, 'produce_messages_per_second', 5);
    expect(over.body.error).toContain('station burst');
    // The account's own budget is untouched by the station's.
    expect((await gw.produceBatch('orders', JSON.stringify(Array.from({ length: N }, (_, i) => i)))).status).toBe(200);
    const tooBig = await gw.produceBatch('burst', '[1,2,3,4,5,6]');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/6 messages, more than the rate limit produce_messages_per_second of 5/);

    const limits = await stack.admin('DELETE', `/admin/accounts/${limited.accountId}/limits/stations/burst`);
    expect(limits.stations).toEqual({});
  }, 60_000);

  it('consume messages/s cuts batches to what is left of the second; concurrent consumes are counted across replicas', async () => {
    const gw = new GatewayClient(stack.gateways[0].url, other.token);
    expect((await gw.produceBatch('feed', JSON.stringify(Array.from({ length: 30 }, (_, i) => i)))).status).toBe(200);
    await stack.admin('PATCH', `/admin/accounts/${other.accountId}/limits`, { consume_messages_per_second: 10, concurrent_consumes: 1 });
    // Wait for the limits: a consume of 30 comes back with at most 10.
    const sizes: number[] = [];
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await gw.consume('feed', { consumer_name: 'c1', consumer_group: 'g', batch_size: 30, batch_max_wait_time_ms: 1000 });
      if (res.status === 200) sizes.push(res.body.length);
      if (res.status === 200 && res.body.length > 0 && res.body.length <= 10) break;
      if (Date.now() > deadline) throw new Error(`consume limit not applied: ${JSON.stringify(sizes)}`);
      await sleep(1100);
    }

    // One long poll holds the account's only slot; a second one through another replica is refused meanwhile.
    await sleep(1100); // a fresh second of consume budget
    const holder = new GatewayClient(stack.gateways[1].url, other.token).consume('empty', { consumer_name: 'h', consumer_group: 'h', batch_max_wait_time_ms: 3000 });
    await sleep(500);
    const refused = await new GatewayClient(stack.gateways[2].url, other.token).consume('empty', { consumer_name: 'x', consumer_group: 'x', batch_max_wait_time_ms: 500 });
    expectRateLimitAnswer(refused, 'concurrent_consumes', 1);
    expect((await holder).status).toBe(200);
    const after = await new GatewayClient(stack.gateways[2].url, other.token).consume('empty', { consumer_name: 'x', consumer_group: 'x', batch_max_wait_time_ms: 500 });
    expect(after.status).toBe(200);
  }, 60_000);

  it('operators read and clear limits; bad values are 400s naming the field', async () => {
    const read = await stack.admin('GET', `/admin/accounts/${limited.accountId}/limits`);
    expect(read).toMatchObject({ account_id: limited.accountId, limits: { produce_messages_per_second: N, requests_per_second: null }, quotas: { warning_percent: 80 } });
    const bad = await fetch(`${stack.controlPlaneUrl}/admin/accounts/${limited.accountId}/limits`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ produce_messages_per_second: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('produce_messages_per_second');
    const cleared = await stack.admin('PATCH', `/admin/accounts/${limited.accountId}/limits`, { produce_messages_per_second: null });
    expect(cleared.limits.produce_messages_per_second).toBeNull();
  });
});
