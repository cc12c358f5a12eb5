import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { AccessKeys, StationKeys } from '@restgw/contracts';
import { OwnRedis, requestJson, Stack, Tenant } from '@restgw/testing';
import { eventually, GatewayClient, sleep } from './gateway-client';

interface Sample {
  at: number;
  kind: 'produce' | 'consume';
  status: number;
}

/**
 * Issue 12, last known good: the region's Redis (a server of this test's own,
 * without persistence) is SIGKILLed under load and restarted empty. The
 * control plane is paused (SIGSTOP) across the restart, so the gateway
 * certainly reloads from the empty store before anyone republishes.
 */
describe('a state store that restarts empty revokes no one (real processes, own Redis SIGKILLed and restarted empty)', () => {
  let redis: OwnRedis;
  let stack: Stack;
  let tenant: Tenant;
  let client: GatewayClient;
  const station = `restart-${randomBytes(3).toString('hex')}`;
  const consumeBody = { consumer_name: 'restart-consumer', batch_size: 100, batch_max_wait_time_ms: 300 };

  beforeAll(async () => {
    redis = await OwnRedis.start();
    const env = { REDIS_URL: redis.url };
    stack = await Stack.start({
      controlPlaneEnv: env,
      regionWorkerEnv: env,
      // Frequent full reloads: the gateway reads the empty store several times.
      gatewayEnv: { ...env, ACCESS_RESYNC_MS: '250', STATION_RESYNC_MS: '250' },
    });
    tenant = await stack.createTenant();
    client = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
    await eventually(async () => (await client.produce(station, 'first')).status === 200, 15_000);
    await eventually(async () => (await client.consume(station, consumeBody)).status === 200, 15_000);
  }, 120_000);

  afterAll(async () => {
    if (stack) process.kill(stack.controlPlane.pid, 'SIGCONT');
    await stack?.stop();
    await redis?.stop();
  });

  it('keeps serving valid tokens (zero 401/403), works within 5 s of Redis being back, and still applies a later revocation', async () => {
    const samples: Sample[] = [];
    let running = true;
    const call = async (kind: Sample['kind']) => {
      const path = kind === 'produce' ? 'produce/single' : 'consume/batch';
      const body = kind === 'produce' ? `m-${samples.length}` : JSON.stringify(consumeBody);
      const res = await requestJson(`${stack.gatewayUrl}/stations/${station}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': kind === 'produce' ? 'text/plain' : 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      }).catch(() => ({ status: 0 }));
      samples.push({ at: Date.now(), kind, status: res.status });
    };
    const loop = async (kind: Sample['kind']) => {
      while (running) {
        await call(kind);
        await sleep(50);
      }
    };
    const load = Promise.all([loop('produce'), loop('consume')]);

    await sleep(1_000);
    await redis.kill();
    process.kill(stack.controlPlane.pid, 'SIGSTOP'); // nobody republishes until it resumes
    await sleep(3_000);
    await redis.start(); // empty
    const back = Date.now();
    await sleep(3_000); // the gateway reconnects and reloads the empty store, more than once
    process.kill(stack.controlPlane.pid, 'SIGCONT');
    await sleep(5_000);
    running = false;
    await load;

    const refused = samples.filter((s) => s.status === 401 || s.status === 403);
    expect(refused).toEqual([]);
    // From 5 s after Redis was back, every produce and consume answered 200.
    const settled = samples.filter((s) => s.at >= back + 5_000);
    expect(settled.filter((s) => s.kind === 'produce').length).toBeGreaterThan(3);
    expect(settled.filter((s) => s.kind === 'consume').length).toBeGreaterThan(3);
    expect(settled.filter((s) => s.status !== 200)).toEqual([]);
    // The gateway did read the empty store, and kept what it knew.
    expect(stack.gateway!.logs()).toMatch(/access state: the source holds no complete snapshot/);

    // The control plane republished on its own once it could (not after ACCESS_REPUBLISH_SECONDS).
    const observer = new Redis(redis.url, { keyPrefix: stack.redisKeyPrefix });
    try {
      expect(await observer.get(AccessKeys.published(stack.regionId))).toBeTruthy();
      expect(await observer.get(StationKeys.published(stack.regionId))).toBeTruthy();
    } finally {
      observer.disconnect();
    }

    // A revocation issued after the restart reaches the gateway within seconds.
    await stack.admin('POST', `/admin/accounts/${tenant.accountId}/users/${tenant.username}/revoke-tokens`);
    const ms = await eventually(async () => (await client.produce(station, 'after-revocation')).status === 401, 5_000);
    expect(ms).toBeLessThan(3_000);
    client.token = (await stack.login(tenant)).jwt;
    expect((await client.produce(station, 'new-login')).status).toBe(200);
  }, 120_000);
});
