import { Client } from 'pg';
import { requestJson, serviceUrls, Stack } from '@restgw/testing';

/** Runs one statement as the server's admin (outside the test database). */
async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: serviceUrls.postgresAdmin });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The control plane runs the shared HTTP bootstrap: health, monitoring, readiness of its connections. */
describe.each(['cluster', 'local'] as const)('control plane operations (%s profile)', (profile) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorker: false, profile });
  });
  afterAll(() => stack?.stop());

  it('answers /healthz, /monitoring/status and /readyz (database and state store reachable)', async () => {
    expect((await requestJson(`${stack.controlPlaneUrl}/healthz`)).body).toEqual({ status: 'ok' });
    expect((await requestJson(`${stack.controlPlaneUrl}/monitoring/status`)).body).toEqual({ status: 'ok' });
    const ready = await requestJson(`${stack.controlPlaneUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: true, state: true } });
  });

  it('answers 503 on /readyz while its database refuses connections, 200 once it is back', async () => {
    const name = new URL(stack.db.url).pathname.slice(1);
    await asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      await eventually(async () => (await requestJson(`${stack.controlPlaneUrl}/readyz`)).status === 503, 5000);
      const down = await requestJson(`${stack.controlPlaneUrl}/readyz`);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.checks.database).toBe(false);
      expect((await requestJson(`${stack.controlPlaneUrl}/healthz`)).status).toBe(200);
    } finally {
      await asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    await eventually(async () => (await requestJson(`${stack.controlPlaneUrl}/readyz`)).status === 200, 10_000);
  });
});
