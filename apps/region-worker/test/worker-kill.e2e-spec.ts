import { randomBytes } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { requestJson, serviceUrls, Stack, Tenant } from '@restgw/testing';

/**
 * The region worker killed (SIGKILL) in the middle of a job: after a restart
 * the job is retried and the end state equals the one without a kill.
 * WORKER_TEST_JOB_DELAY_MS (test only) makes each job wait before touching
 * Kafka, so the kill lands mid-job; short WORKER_LOCK_MS /
 * WORKER_STALLED_CHECK_MS let the restarted worker reclaim it quickly.
 */
describe('region worker killed mid-job', () => {
  let stack: Stack;
  let kafka: Admin;
  let t: Tenant;
  const fastRecovery = { WORKER_LOCK_MS: '2000', WORKER_STALLED_CHECK_MS: '1000' };
  // Test databases all start at account 1 and share one Kafka: station names are unique per run.
  const run = randomBytes(3).toString('hex');
  const [KILLED, CALM, LATER, BRIEF] = [`killed-${run}`, `calm-${run}`, `later-${run}`, `brief-${run}`];

  const call = (method: string, path: string, body?: unknown) =>
    requestJson(`${stack.controlPlaneUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const station = (name: string) => call('GET', `/admin/accounts/${t.accountId}/stations/${stack.regionId}/${name}`).then((r) => r.body);

  async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last = await probe();
    while (!ok(last)) {
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}\n${stack.regionWorker?.logs() ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await probe();
    }
    return last;
  }

  /** What Kafka holds for a topic: partitions and the station-controlled configuration. */
  async function topicState(topic: string) {
    const meta = await kafka.fetchTopicMetadata({ topics: [topic] });
    const conf = await kafka.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'retention.bytes', 'max.message.bytes'] }],
    });
    return { partitions: meta.topics[0].partitions.length, config: Object.fromEntries(conf.resources[0].configEntries.map((e) => [e.configName, e.configValue])) };
  }

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false, regionWorkerEnv: { ...fastRecovery, WORKER_TEST_JOB_DELAY_MS: '5000' } });
    kafka = new Kafka({ brokers: serviceUrls.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await kafka.connect();
    t = await stack.createTenant();
  });
  afterAll(async () => {
    const mine = (await kafka.listTopics()).filter((topic) => topic.endsWith(`-${run}`));
    if (mine.length) await kafka.deleteTopics({ topics: mine }).catch(() => undefined);
    await kafka?.disconnect();
    await stack?.stop();
  });

  it('retries the interrupted job after a restart and reaches the same end state', async () => {
    const settings = { partitions: 3, retention_ms: 5_400_000, retention_bytes: 12_345_678, max_message_bytes: 4096 };
    const created = await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: KILLED, ...settings });
    expect(created.status).toBe(201);
    const jobId = `station-${created.body.id}-v1`;
    await until('job started', async () => stack.regionWorker!.logs(), (logs) => logs.includes(`applying ${jobId}`), 10_000);

    await stack.stopRegionWorker('SIGKILL');
    expect(await stack.regionWorker!.exited).toBeNull(); // killed by a signal, no exit code
    expect((await kafka.listTopics()).includes(`acct-${t.accountId}.${KILLED}`)).toBe(false);
    expect((await station(KILLED)).status).toBe('provisioning');

    await stack.startRegionWorker(fastRecovery);
    await until('station active after restart', () => station(KILLED), (s) => s.status === 'active');
    expect(stack.regionWorker!.logs()).toContain(`applying ${jobId}`);

    // The same change without a kill, for comparison.
    await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: CALM, ...settings });
    await until('calm station active', () => station(CALM), (s) => s.status === 'active');
    const killed = await topicState(`acct-${t.accountId}.${KILLED}`);
    expect(killed).toEqual(await topicState(`acct-${t.accountId}.${CALM}`));
    expect(killed).toMatchObject({ partitions: 3, config: { 'retention.ms': '5400000', 'retention.bytes': '12345678' } });
    const { version, ...rest } = await station(KILLED);
    expect(version).toBe(1);
    expect(rest).toMatchObject({ status: 'active', last_error: null, partitions: 3, retention_ms: 5_400_000 });
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const started = Date.now();
    await stack.stopRegionWorker('SIGTERM');
    expect(await stack.regionWorker!.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);
    // Jobs enqueued while no worker runs wait for the next one.
    await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: LATER });
    await new Promise((r) => setTimeout(r, 500));
    expect((await station(LATER)).status).toBe('provisioning');
    await stack.startRegionWorker();
    await until('later active', () => station(LATER), (s) => s.status === 'active');
  });

  it('skips a create superseded by a delete, so no topic comes back', async () => {
    await stack.stopRegionWorker('SIGTERM');
    await stack.startRegionWorker({ ...fastRecovery, WORKER_TEST_JOB_DELAY_MS: '1500' });
    const created = await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: BRIEF });
    expect((await call('DELETE', `/admin/accounts/${t.accountId}/stations/${stack.regionId}/${BRIEF}`)).body.status).toBe('deleting');
    await until('brief deleted', () => station(BRIEF), (s) => s.status === 'deleted');
    expect(stack.regionWorker!.logs()).toContain(`skipped station-${created.body.id}-v1: superseded by version 2`);
    expect((await kafka.listTopics()).includes(`acct-${t.accountId}.${BRIEF}`)).toBe(false);
  });
});
