import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@restgw/platform';
import { requestJson, Stack } from '@restgw/testing';

/**
 * Issue 14 item 5, on real processes: three gateway replicas and a region
 * worker report themselves through the region's state store (Redis); the
 * control plane lists them; one SIGKILLed is shown as gone after
 * FLEET_GONE_AFTER_MS, one stopped with SIGTERM as stopped.
 */
describe('fleet view: GET /admin/regions/:id/instances', () => {
  let stack: Stack;
  const GONE_AFTER_MS = 3_000;
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;

  const instances = async () => {
    const res = await requestJson(`${stack.operatorUrl}/admin/regions/${stack.regionId}/instances`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
    expect(res.status).toBe(200);
    return res.body as { region: string; gone_after_ms: number; instances: Array<Record<string, any>> };
  };
  const until = async (check: (list: Array<Record<string, any>>) => boolean, timeoutMs: number) => {
    const started = Date.now();
    for (;;) {
      const list = (await instances()).instances;
      if (check(list)) return { list, ms: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error(`fleet view never matched: ${JSON.stringify(list, null, 1)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const byUrl = (list: Array<Record<string, any>>, url: string) => list.find((i) => i.url === url);

  beforeAll(async () => {
    stack = await Stack.start({
      controlPlaneEnv: { FLEET_GONE_AFTER_MS: String(GONE_AFTER_MS), FLEET_DROP_AFTER_MS: '600000' },
      gatewayEnv: { FLEET_REPORT_MS: '500' },
      regionWorkerEnv: { FLEET_REPORT_MS: '500' },
    });
    await stack.addGateway();
    await stack.addGateway();
  });
  afterAll(() => stack?.stop());

  it('lists three gateway replicas and the region worker with their health; a SIGKILLed replica shows as gone, a SIGTERMed one as stopped', async () => {
    const urls = stack.gateways.map((g) => g.url);
    const { list } = await until((l) => l.filter((i) => i.status === 'up').length === 4, 10_000);
    const body = await instances();
    expect(body).toMatchObject({ region: stack.regionId, gone_after_ms: GONE_AFTER_MS });
    expect(list.filter((i) => i.kind === 'gateway').map((i) => i.url).sort()).toEqual([...urls].sort());
    const gateway = byUrl(list, urls[0])!;
    expect(gateway).toEqual({
      region: stack.regionId,
      instance_id: expect.stringMatching(/^gateway-/),
      kind: 'gateway',
      version,
      url: urls[0],
      pid: stack.gateways[0].process.pid,
      host: expect.any(String),
      started_at: expect.any(String),
      last_seen: expect.any(String),
      health: { log: 'ok', state_store: 'ok' },
      last_state_store_error_at: null,
      status: 'up',
      silent_ms: expect.any(Number),
    });
    expect(gateway.silent_ms).toBeLessThan(GONE_AFTER_MS);
    const worker = list.find((i) => i.kind === 'region-worker')!;
    expect(worker).toMatchObject({ kind: 'region-worker', url: null, version, pid: stack.regionWorker!.pid, health: { log: 'ok', state_store: 'ok' }, status: 'up' });
    // Reports keep coming: last_seen moves.
    const later = await until((l) => byUrl(l, urls[0])!.last_seen > gateway.last_seen, 5_000);
    expect(byUrl(later.list, urls[0])!.status).toBe('up');

    // SIGKILL: no last word; it turns gone once silent for FLEET_GONE_AFTER_MS.
    const killedAt = Date.now();
    await stack.gateways[1].stop('SIGKILL');
    const gone = await until((l) => byUrl(l, urls[1])?.status === 'gone', GONE_AFTER_MS + 10_000);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(GONE_AFTER_MS - 1_000); // not before its last report is that old
    expect(byUrl(gone.list, urls[0])!.status).toBe('up');
    expect(byUrl(gone.list, urls[2])!.status).toBe('up');

    // SIGTERM: the replica's last report says it stopped.
    await stack.gateways[2].stop('SIGTERM');
    const stopped = await until((l) => byUrl(l, urls[2])?.status === 'stopped', 5_000);
    expect(stopped.list.filter((i) => i.kind === 'gateway').map((i) => i.status).sort()).toEqual(['gone', 'stopped', 'up']);
  }, 120_000);

  it('answers 404 for an unknown region and 401 without an operator token', async () => {
    const unknown = await requestJson(`${stack.operatorUrl}/admin/regions/aws-nowhere-1/instances`, { headers: { authorization: `Bearer ${stack.operatorToken}` } });
    expect(unknown.status).toBe(404);
    expect((await requestJson(`${stack.operatorUrl}/admin/regions/${stack.regionId}/instances`)).status).toBe(401);
  });
});
