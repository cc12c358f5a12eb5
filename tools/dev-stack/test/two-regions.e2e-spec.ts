import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, requestJson } from '@restgw/testing';

import { startDevStack } from './dev-stack-process';

const exec = promisify(execFile);

/**
 * Issue 14 item 4: `npm start` with REGIONS=local-1,local-2 (local profile:
 * one embedded PostgreSQL, an embedded log per region): one control plane,
 * per region a gateway and a region worker. The printed commands work as
 * printed in both regions with one login; an account enabled in one region
 * only gets 403 in the other; stations are per region (each region's log
 * holds its own messages); the account's view lists its region URLs; a
 * region's draining and disabled status act at its gateway only.
 */
describe('dev stack with two regions (REGIONS=local-1,local-2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'restgw-regions-'));
  const saved = { DATABASE_URL: process.env.DATABASE_URL, KAFKA_BROKERS: process.env.KAFKA_BROKERS, REDIS_URL: process.env.REDIS_URL };
  let env: Record<string, string>;
  let r1: string;
  let r2: string;
  let cp: string;

  beforeAll(async () => {
    chmodSync(dir, 0o711); // as root, the embedded server's user must reach <dir>/.data
    delete process.env.DATABASE_URL;
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    const ports = [await freePort(), await freePort()];
    env = {
      REGIONS: 'local-1,local-2',
      GATEWAY_PORTS: ports.join(','),
      DATA_DIR: join(dir, '.data'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}:`,
      CONTROL_PLANE_PORT: String(await freePort()),
    };
    r1 = `http://127.0.0.1:${ports[0]}`;
    r2 = `http://127.0.0.1:${ports[1]}`;
    cp = `http://127.0.0.1:${env.CONTROL_PLANE_PORT}`;
  });
  afterAll(() => {
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (commands: string[]) =>
    (await exec('bash', ['-c', `set -euo pipefail\n${commands.join('\necho\n')}`], { timeout: 60_000 })).stdout.split('\n').filter(Boolean);
  const post = (url: string, body: unknown, token?: string) =>
    requestJson(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const produce = (gateway: string, station: string, token: string, message = 'x') =>
    requestJson(`${gateway}/stations/${station}/produce/single`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: message });

  it('serves both regions from one control plane: printed commands, per-region enablement, one login, per-region stations and logs, region status', async () => {
    const stack = await startDevStack(env, 400_000);
    try {
      expect(stack.banner).toContain(`region local-1: gateway ${r1}, region worker (queue region-local-1), log embedded (database restgw)`);
      expect(stack.banner).toContain(`region local-2: gateway ${r2}, region worker (queue region-local-2), log embedded (database restgw_local_2)`);

      // ---- the printed commands, as printed: one login, then produce and consume in each region, then the region list
      expect(stack.commands).toHaveLength(8);
      expect(stack.commands.filter((c) => c.includes(r2))).toHaveLength(3);
      const out = await run(stack.commands);
      expect(out[0]).toBe('{"error":null,"success":true}');
      expect(out[1]).toBe('{"error":null,"success":true}');
      const consumed1 = JSON.parse(out[2]);
      expect(consumed1.map((m: { message: string }) => m.message)).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      expect(out[3]).toBe('{"error":null,"success":true}');
      expect(out[4]).toBe('{"error":null,"success":true}');
      // Region 2's station is its own: its consumer gets region 2's three messages only.
      expect(JSON.parse(out[5]).map((m: { message: string }) => m.message)).toEqual(['{"hello":"world"}', '{"n":1}', '{"n":2}']);
      expect(JSON.parse(out[6])).toEqual([
        { id: 'local-1', url: r1, status: 'active' },
        { id: 'local-2', url: r2, status: 'active' },
      ]);

      // Two embedded logs: each region's records are in its own database.
      const pgUrl = (db: string) => `postgresql://postgres:restgw-local@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/${db}`;
      for (const db of ['restgw', 'restgw_local_2']) {
        const pg = new Client({ connectionString: pgUrl(db) });
        await pg.connect();
        try {
          const { rows } = await pg.query(`SELECT count(*)::int AS n FROM restgw_log.records WHERE topic LIKE 'acct-%.demo'`);
          expect(rows[0].n).toBe(3);
        } finally {
          await pg.end();
        }
      }

      // ---- operator view
      const ops = (await post(`${cp}/admin/login`, { email: 'admin@example.com', password: 'admin-password' })).body.token as string;
      const admin = (method: string, path: string, body?: unknown) =>
        requestJson(`${cp}${path}`, { method, headers: { authorization: `Bearer ${ops}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const demo = (await admin('GET', '/admin/accounts')).body.find((a: { name: string }) => a.name === 'demo');
      expect((await admin('GET', `/admin/accounts/${demo.id}`)).body.regions).toEqual([
        { regionId: 'local-1', url: r1, status: 'active' },
        { regionId: 'local-2', url: r2, status: 'active' },
      ]);
      const stations = (await admin('GET', `/admin/accounts/${demo.id}/stations`)).body as Array<{ region_id: string; name: string }>;
      expect(stations.map((s) => `${s.region_id}/${s.name}`)).toEqual(['local-1/demo', 'local-2/demo']);

      // ---- an account enabled in local-1 only
      const solo = (await admin('POST', '/admin/accounts', { name: 'solo' })).body;
      expect((await admin('POST', `/admin/accounts/${solo.id}/users`, { username: 'solo', password: 'solo-password' })).status).toBe(201);
      expect((await admin('PUT', `/admin/accounts/${solo.id}/regions/local-1`)).status).toBe(200);
      const soloLogin = { username: 'solo', password: 'solo-password', account_id: solo.id };
      const grant = await post(`${r1}/auth/authenticate`, soloLogin);
      expect(grant.status).toBe(200);
      expect(grant.body.regions).toEqual([{ id: 'local-1', url: r1, status: 'active' }]);
      expect((await produce(r1, 'orders', grant.body.jwt)).status).toBe(200);
      const refused = await produce(r2, 'orders', grant.body.jwt);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: 'Account is not enabled in this region', success: false });
      // Login is global (the other region's URL logs in too), enablement is per region.
      const viaR2 = await post(`${r2}/auth/authenticate`, soloLogin);
      expect(viaR2.status).toBe(200);
      expect((await produce(r2, 'orders', viaR2.body.jwt)).status).toBe(403);
      // Enabled in local-2 too: the same first token now works there (within seconds).
      expect((await admin('PUT', `/admin/accounts/${solo.id}/regions/local-2`)).status).toBe(200);
      const deadline = Date.now() + 10_000;
      let status = 0;
      while ((status = (await produce(r2, 'orders', grant.body.jwt)).status) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(status).toBe(200);

      // ---- region status acts at that region's gateway only
      const token = (await post(`${r1}/auth/authenticate`, { username: 'demo', password: 'demo-password', account_id: demo.id })).body.jwt as string;
      const setStatus = async (region: string, url: string, s: string) => {
        expect((await admin('PUT', `/admin/regions/${region}`, { url, status: s })).status).toBe(200);
        const until = Date.now() + 10_000;
        while ((await requestJson(`${url}/readyz`)).body?.region_status !== s) {
          if (Date.now() > until) throw new Error(`${region} never showed ${s}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await setStatus('local-2', r2, 'draining');
      expect((await produce(r2, 'demo', token)).status).toBe(200); // existing station
      const fresh = await produce(r2, 'fresh', token);
      expect(fresh.status).toBe(409);
      expect(fresh.body.error).toBe('Region local-2 is draining: no new stations are created there (existing ones are still served)');
      expect((await produce(r1, 'fresh', token)).status).toBe(200); // local-1 unaffected
      await setStatus('local-2', r2, 'disabled');
      const disabled = await produce(r2, 'demo', token);
      expect(disabled.status).toBe(503);
      expect(disabled.headers.get('retry-after')).toBe('30');
      expect(disabled.body.error).toBe('Region local-2 is disabled; retry later or use another region');
      expect((await post(`${r2}/auth/authenticate`, soloLogin)).status).toBe(503);
      expect((await requestJson(`${r2}/readyz`)).status).toBe(503);
      expect((await produce(r1, 'demo', token)).status).toBe(200);
      expect((await post(`${r1}/auth/authenticate`, soloLogin)).body.regions).toEqual([
        { id: 'local-1', url: r1, status: 'active' },
        { id: 'local-2', url: r2, status: 'disabled' },
      ]);
      await setStatus('local-2', r2, 'active');
      expect((await produce(r2, 'fresh', token)).status).toBe(200);

      // ---- the fleet view of each region lists its gateway and its worker
      for (const [region, url] of [['local-1', r1], ['local-2', r2]]) {
        const fleet = (await admin('GET', `/admin/regions/${region}/instances`)).body;
        expect(fleet.instances.map((i: { kind: string; url: string | null; status: string }) => [i.kind, i.url, i.status])).toEqual([
          ['gateway', url, 'up'],
          ['region-worker', null, 'up'],
        ]);
      }
    } finally {
      await stack.proc.stop('SIGINT');
    }
  }, 600_000);
});
