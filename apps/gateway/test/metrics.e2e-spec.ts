import { freePort, requestJson, Stack } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Issue 17 item 2: /metrics on the real apps; counters equal what a produce/consume flow did. */
describe('Prometheus metrics', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  it('counts produced and consumed messages and bytes, requests by route and status, token-cache lookups', async () => {
    const tenant = await stack.createTenant();
    const { jwt } = await stack.login(tenant);
    const gw = new GatewayClient(stack.gatewayUrl, jwt);
    const before = (await requestJson(`${stack.gatewayUrl}/metrics`)).text;

    for (const body of ['a', 'bb', 'ccc']) expect((await gw.produce('metered', body)).status).toBe(200);
    expect((await gw.produceBatch('metered', JSON.stringify([{ n: 1 }, { n: 22 }]))).status).toBe(200);
    const consumed = await gw.consumeAll('metered', { consumer_name: 'm1', batch_size: 10 }, 5);
    expect(consumed.length).toBe(5);
    expect((await new GatewayClient(stack.gatewayUrl, 'not-a-token').produce('metered', 'x')).status).toBe(401);

    const res = await requestJson(`${stack.gatewayUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const after = res.text;
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    // Bytes: 'a' + 'bb' + 'ccc' + '{"n":1}' + '{"n":22}' = 1 + 2 + 3 + 7 + 8.
    expect(delta('restgw_messages_produced_total', { account: 'other' })).toBe(5);
    expect(delta('restgw_bytes_produced_total', { account: 'other' })).toBe(21);
    expect(delta('restgw_messages_consumed_total', { account: 'other' })).toBe(5);
    expect(delta('restgw_bytes_consumed_total', { account: 'other' })).toBe(21);
    expect(delta('restgw_http_requests_total', { route: '/stations/:station/produce/single', status: '200' })).toBe(3);
    expect(delta('restgw_http_requests_total', { route: '/stations/:station/produce/single', status: '401' })).toBe(1);
    expect(delta('restgw_http_requests_total', { route: '/stations/:station/produce/batch', status: '200' })).toBe(1);
    expect(delta('restgw_http_request_duration_seconds_count', { route: '/stations/:station/produce/single', status: '200' })).toBe(3);
    expect(delta('restgw_broker_request_duration_seconds_count', { operation: 'produce', outcome: 'ok' })).toBe(4);
    expect(delta('restgw_token_cache_lookups_total')).toBeGreaterThanOrEqual(5);
    expect(delta('restgw_token_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(3);
    const ratio = sample(after, 'restgw_token_cache_hit_ratio');
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    for (const family of ['restgw_process_cpu_seconds_total', 'restgw_nodejs_eventloop_lag_seconds', 'restgw_dependency_errors_total', 'restgw_consumer_group_lag_messages', 'restgw_consumer_group_leases_held']) {
      expect(after).toContain(`# TYPE ${family}`);
    }
  });

  it('keeps a W3C traceparent from produce to consume (trace context)', async () => {
    const tenant = await stack.createTenant();
    const { jwt } = await stack.login(tenant);
    const gw = new GatewayClient(stack.gatewayUrl, jwt);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect((await gw.produce('traced', 'x', { 'content-type': 'text/plain', traceparent, tracestate: 'restgw=1' })).status).toBe(200);
    const [msg] = await gw.consumeAll('traced', { consumer_name: 't1' }, 1);
    const headers = Object.fromEntries(Object.entries(msg.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers.traceparent).toBe(traceparent);
    expect(headers.tracestate).toBe('restgw=1');
  });

  it('serves the control plane metrics too', async () => {
    const res = await requestJson(`${stack.controlPlaneUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(sample(res.text, 'restgw_http_requests_total', { route: '/admin/login', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('labels opted-in accounts, and serves /metrics only on the private listener when one is configured', async () => {
    const tenant = await stack.createTenant();
    const { jwt } = await stack.login(tenant);
    const metricsPort = await freePort();
    const replica = await stack.addGateway({ METRICS_ACCOUNTS: String(tenant.accountId), METRICS_PORT: String(metricsPort), CONSUME_LEASE_STORE: 'memory' });
    try {
      expect((await new GatewayClient(replica.url, jwt).produce('labelled', 'xyz')).status).toBe(200);
      expect((await requestJson(`${replica.url}/metrics`)).status).toBe(404);
      const res = await requestJson(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(sample(res.text, 'restgw_messages_produced_total', { account: String(tenant.accountId) })).toBe(1);
      expect(sample(res.text, 'restgw_bytes_produced_total', { account: String(tenant.accountId) })).toBe(3);
    } finally {
      await replica.stop();
    }
  });

  it('reports the lag of the groups a replica owns, its group leases and batches in flight', async () => {
    const tenant = await stack.createTenant();
    const { jwt } = await stack.login(tenant);
    const metricsPort = await freePort();
    const replica = await stack.addGateway({ METRICS_ACCOUNTS: String(tenant.accountId), METRICS_PORT: String(metricsPort), CONSUME_LEASE_STORE: 'memory' });
    const scrape = async () => (await requestJson(`http://127.0.0.1:${metricsPort}/metrics`)).text;
    const account = { account: String(tenant.accountId) };
    try {
      const gw = new GatewayClient(replica.url, jwt);
      for (const body of ['1', '2', '3']) expect((await gw.produce('lagged', body)).status).toBe(200);
      const first = await gw.consume('lagged', { consumer_name: 'c1', batch_size: 1, batch_max_wait_time_ms: 2000 });
      expect(first.status).toBe(200);
      expect(first.body).toHaveLength(1);
      // Nothing committed yet: the three records are the group's lag; one batch in flight, one group lease.
      let text = await scrape();
      expect(sample(text, 'restgw_consumer_group_lag_messages', account)).toBe(3);
      expect(sample(text, 'restgw_consume_batches_in_flight')).toBe(1);
      expect(sample(text, 'restgw_consumer_group_leases_held')).toBe(1);
      const ack = await requestJson(`${replica.url}/stations/lagged/consume/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({ consumer_name: 'c1', batch_id: first.headers.get('x-restgw-batch-id') }),
      });
      expect(ack.status).toBe(200);
      await eventually(async () => sample(await scrape(), 'restgw_consumer_group_lag_messages', account) === 2, 10_000);
      text = await scrape();
      expect(sample(text, 'restgw_consume_batches_in_flight')).toBe(0);
    } finally {
      await replica.stop();
    }
  });

  it('serves the region worker metrics on its METRICS_PORT: station jobs applied, with their latency', async () => {
    const metricsPort = await freePort();
    await stack.stopRegionWorker();
    await stack.startRegionWorker({ METRICS_PORT: String(metricsPort) });
    const scrape = async () => (await requestJson(`http://127.0.0.1:${metricsPort}/metrics`)).text;
    const tenant = await stack.createTenant();
    const before = await scrape();
    const applied = (text: string) => sample(text, 'restgw_worker_jobs_total', { job: 'station.apply', outcome: 'applied' });
    await stack.admin('POST', `/admin/accounts/${tenant.accountId}/stations`, { region_id: stack.regionId, name: 'provisioned' });
    await eventually(async () => (await stack.admin('GET', `/admin/accounts/${tenant.accountId}/stations/${stack.regionId}/provisioned`)).status === 'active', 30_000);
    await stack.admin('DELETE', `/admin/accounts/${tenant.accountId}/stations/${stack.regionId}/provisioned`);
    await eventually(async () => applied(await scrape()) - applied(before) === 2, 30_000);
    const after = await scrape();
    expect(applied(after) - applied(before)).toBe(2);
    expect(sample(after, 'restgw_worker_jobs_total', { job: 'station.apply', outcome: 'failed' }) - sample(before, 'restgw_worker_jobs_total', { job: 'station.apply', outcome: 'failed' })).toBe(0);
    expect(sample(after, 'restgw_worker_job_duration_seconds_count', { job: 'station.apply', outcome: 'applied' }) - sample(before, 'restgw_worker_job_duration_seconds_count', { job: 'station.apply', outcome: 'applied' })).toBe(2);
    expect(after).toContain('restgw_process_cpu_seconds_total{app="region-worker"}');
  });
});
