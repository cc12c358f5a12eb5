import { Admin, Kafka, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';
import { requestJson, serviceUrls, Stack, Tenant } from '@restgw/testing';

/** Station and schema management through the admin API, provisioned by the real region worker on the real Kafka. */
describe('stations and schemas (admin API + region worker + Kafka)', () => {
  let stack: Stack;
  let kafka: Admin;
  let redis: Redis;
  let a: Tenant;
  let b: Tenant;

  const call = (method: string, path: string, body?: unknown, token = stack.operatorToken) =>
    requestJson(`${stack.controlPlaneUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T = await probe();
    while (!ok(last)) {
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}\n${stack.regionWorker?.logs() ?? ''}`);
      await new Promise((r) => setTimeout(r, 200));
      last = await probe();
    }
    return last;
  }

  const station = (t: Tenant, name: string) => call('GET', `/admin/accounts/${t.accountId}/stations/${stack.regionId}/${name}`).then((r) => r.body);
  const topicConfig = async (topic: string) => {
    const res = await kafka.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'retention.bytes'] }] });
    return Object.fromEntries(res.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
  };
  const topicExists = async (topic: string) => (await kafka.listTopics()).includes(topic);
  const directory = async (t: Tenant, name: string) => {
    const raw = await redis.hget(`st:${stack.regionId}:stations`, `${t.accountId}/${name}`);
    return raw ? JSON.parse(raw) : null;
  };

  beforeAll(async () => {
    stack = await Stack.start({ gateway: false });
    kafka = new Kafka({ brokers: serviceUrls.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await kafka.connect();
    redis = new Redis(serviceUrls.redis, { keyPrefix: stack.redisKeyPrefix });
    a = await stack.createTenant();
    b = await stack.createTenant();
  });
  afterAll(async () => {
    await kafka?.disconnect();
    redis?.disconnect();
    await stack?.stop();
  });

  it('creates the topic with its partitions and retention, alters it, and deletes it', async () => {
    const created = await call('POST', `/admin/accounts/${a.accountId}/stations`, {
      region_id: stack.regionId,
      name: 'Orders',
      partitions: 3,
      retention_ms: 3_600_000,
      retention_bytes: 50_000_000,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      account_id: a.accountId,
      region_id: stack.regionId,
      name: 'orders',
      status: 'provisioning',
      partitions: 3,
      retention_ms: 3_600_000,
      retention_bytes: 50_000_000,
      max_message_bytes: 1048576,
      schema_id: null,
      version: 1,
      last_error: null,
    });
    const topic = `acct-${a.accountId}.orders`;
    await until('station active', () => station(a, 'orders'), (s) => s.status === 'active', 10_000);
    const meta = await kafka.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0].partitions).toHaveLength(3);
    expect(await topicConfig(topic)).toMatchObject({ 'retention.ms': '3600000', 'retention.bytes': '50000000' });
    expect(await directory(a, 'orders')).toMatchObject({ accountId: a.accountId, name: 'orders', status: 'active', partitions: 3, version: 1, schema: null });

    const dup = await call('POST', `/admin/accounts/${a.accountId}/stations`, { region_id: stack.regionId, name: 'orders' });
    expect(dup.status).toBe(409);

    const changed = await call('PATCH', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/orders`, { retention_ms: 7_200_000, partitions: 4 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ retention_ms: 7_200_000, partitions: 4, version: 2 });
    await until('retention altered', () => topicConfig(topic), (c) => c['retention.ms'] === '7200000');
    await until('partitions added', () => kafka.fetchTopicMetadata({ topics: [topic] }).then((m) => m.topics[0].partitions.length), (n) => n === 4);
    await until('station active again', () => station(a, 'orders'), (s) => s.status === 'active' && s.version === 2);

    const shrink = await call('PATCH', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/orders`, { partitions: 2 });
    expect(shrink.status).toBe(400);
    expect(shrink.body.message).toMatch(/partitions can only increase/);

    const deleted = await call('DELETE', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/orders`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe('deleting');
    expect((await directory(a, 'orders')).status).toBe('deleting');
    await until('station deleted', () => station(a, 'orders'), (s) => s.status === 'deleted', 10_000);
    expect(await topicExists(topic)).toBe(false);
    expect((await directory(a, 'orders')).status).toBe('deleted');

    // An operator can create it again.
    const again = await call('POST', `/admin/accounts/${a.accountId}/stations`, { region_id: stack.regionId, name: 'orders' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'provisioning', version: 4, partitions: 1, retention_ms: null });
    await until('recreated', () => station(a, 'orders'), (s) => s.status === 'active');
    expect(await topicExists(topic)).toBe(true);
  });

  it('refuses invalid names and settings with 400', async () => {
    for (const body of [
      { region_id: stack.regionId, name: '-bad-' },
      { region_id: stack.regionId, name: 'ok', partitions: 0 },
      { region_id: stack.regionId, name: 'ok', max_message_bytes: 'big' },
    ]) {
      const res = await call('POST', `/admin/accounts/${a.accountId}/stations`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await call('POST', `/admin/accounts/${a.accountId}/stations`, { region_id: 'nowhere-1', name: 'ok' })).status).toBe(404);
  });

  it('creates schemas and versions, refuses invalid definitions, and publishes the latest version to stations using it', async () => {
    const jsonDef = JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });
    const schema = await call('POST', `/admin/accounts/${a.accountId}/schemas`, { name: 'order', type: 'json', definition: jsonDef });
    expect(schema.status).toBe(201);
    expect(schema.body).toMatchObject({ name: 'order', type: 'json', versions: [{ version: 1, definition: jsonDef, message_type: null }] });

    const bad = [
      [{ name: 'x1', type: 'json', definition: '{"type": 12}' }, /does not compile/],
      [{ name: 'x2', type: 'json', definition: 'not json' }, /not valid JSON/],
      [{ name: 'x3', type: 'protobuf', definition: 'message {', message_type: 'A' }, /does not parse/],
      [{ name: 'x4', type: 'protobuf', definition: 'syntax = "proto3"; message A { int32 a = 1; }', message_type: 'B' }, /no message type B/],
      [{ name: 'x5', type: 'protobuf', definition: 'syntax = "proto3"; message A { int32 a = 1; }' }, /message_type is required/],
      [{ name: 'x6', type: 'avro', definition: '{}' }, /type/],
    ] as const;
    for (const [body, message] of bad) {
      const res = await call('POST', `/admin/accounts/${a.accountId}/schemas`, body);
      expect({ name: body.name, status: res.status }).toEqual({ name: body.name, status: 400 });
      expect(res.body.message).toMatch(message);
    }

    const proto = await call('POST', `/admin/accounts/${a.accountId}/schemas`, {
      name: 'order-proto',
      type: 'protobuf',
      definition: 'syntax = "proto3"; package shop; message Order { int64 id = 1; }',
      message_type: 'shop.Order',
    });
    expect(proto.status).toBe(201);
    expect(proto.body.versions[0].message_type).toBe('shop.Order');

    await call('POST', `/admin/accounts/${a.accountId}/stations`, { region_id: stack.regionId, name: 'typed', schema_id: schema.body.id });
    const view1 = await directory(a, 'typed');
    expect(view1.schema).toMatchObject({ schemaId: schema.body.id, name: 'order', type: 'json', version: 1, definition: jsonDef });

    const v2def = JSON.stringify({ type: 'object', required: ['id', 'sku'] });
    const badVersion = await call('POST', `/admin/accounts/${a.accountId}/schemas/${schema.body.id}/versions`, { definition: '{"required": 5}' });
    expect(badVersion.status).toBe(400);
    const v2 = await call('POST', `/admin/accounts/${a.accountId}/schemas/${schema.body.id}/versions`, { definition: v2def });
    expect(v2.status).toBe(201);
    expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const view2 = await directory(a, 'typed');
    expect(view2.schema).toMatchObject({ version: 2, definition: v2def });
    expect(view2.version).toBeGreaterThan(view1.version);

    const attached = await call('PUT', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/typed/schema`, { schema_id: proto.body.id });
    expect(attached.status).toBe(200);
    expect(attached.body.schema_id).toBe(proto.body.id);
    expect((await directory(a, 'typed')).schema).toMatchObject({ type: 'protobuf', messageType: 'shop.Order' });
    const detached = await call('DELETE', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/typed/schema`);
    expect(detached.body.schema_id).toBeNull();
    expect((await directory(a, 'typed')).schema).toBeNull();
    await until('typed active', () => station(a, 'typed'), (s) => s.status === 'active');

    const list = await call('GET', `/admin/accounts/${a.accountId}/schemas`);
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(['order', 'order-proto']);
  });

  it('keeps stations and schemas of one account invisible to another', async () => {
    const schemaOfA = (await call('GET', `/admin/accounts/${a.accountId}/schemas`)).body[0];
    expect((await call('GET', `/admin/accounts/${b.accountId}/stations`)).body).toEqual([]);
    expect((await call('GET', `/admin/accounts/${b.accountId}/schemas`)).body).toEqual([]);
    expect((await call('GET', `/admin/accounts/${b.accountId}/stations/${stack.regionId}/typed`)).status).toBe(404);
    expect((await call('PATCH', `/admin/accounts/${b.accountId}/stations/${stack.regionId}/typed`, { retention_ms: 1000 })).status).toBe(404);
    expect((await call('DELETE', `/admin/accounts/${b.accountId}/stations/${stack.regionId}/typed`)).status).toBe(404);
    expect((await call('DELETE', `/admin/accounts/${b.accountId}/stations/${stack.regionId}/typed/schema`)).status).toBe(404);
    expect((await call('GET', `/admin/accounts/${b.accountId}/schemas/${schemaOfA.id}`)).status).toBe(404);
    expect((await call('POST', `/admin/accounts/${b.accountId}/schemas/${schemaOfA.id}/versions`, { definition: '{}' })).status).toBe(404);
    // B's own station cannot use A's schema.
    const own = await call('POST', `/admin/accounts/${b.accountId}/stations`, { region_id: stack.regionId, name: 'typed' });
    expect(own.status).toBe(201);
    expect((await call('PUT', `/admin/accounts/${b.accountId}/stations/${stack.regionId}/typed/schema`, { schema_id: schemaOfA.id })).status).toBe(404);
    expect((await call('POST', `/admin/accounts/${b.accountId}/stations`, { region_id: stack.regionId, name: 'other', schema_id: schemaOfA.id })).status).toBe(404);
    // Same name in both accounts, two topics.
    expect((await station(a, 'typed')).id).not.toBe(own.body.id);
  });

  it('enforces the station quota with an error naming it', async () => {
    const t = await stack.createTenant();
    expect((await call('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 1 })).body).toMatchObject({
      auto_create: true,
      station_quota: 1,
    });
    expect((await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: 's1' })).status).toBe(201);
    const over = await call('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name: 's2' });
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(`Station quota of 1 reached for account ${t.accountId}`);
    expect((await call('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: -1 })).status).toBe(400);
    const policy = JSON.parse((await redis.hget(`st:${stack.regionId}:policies`, String(t.accountId)))!);
    expect(policy).toEqual({ autoCreate: true, stationQuota: 1 });
  });

  describe('POST /internal/stations/implicit', () => {
    const implicit = (token: string | undefined, station: string, regionId = stack.regionId) =>
      call('POST', '/internal/stations/implicit', { region_id: regionId, station }, token);

    it('creates a station on first use (201), then returns it (200)', async () => {
      const t = await stack.createTenant();
      const { jwt } = await stack.login(t);
      const first = await implicit(jwt, 'Clicks');
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ accountId: t.accountId, name: 'clicks', status: 'provisioning', partitions: 1, maxMessageBytes: 1048576, schema: null, version: 1 });
      const second = await implicit(jwt, 'clicks');
      expect(second.status).toBe(200);
      expect(second.body.name).toBe('clicks');
      await until('implicit station active', () => station(t, 'clicks'), (s) => s.status === 'active');
      expect(await topicExists(`acct-${t.accountId}.clicks`)).toBe(true);
      expect((await implicit(jwt, 'no spaces')).status).toBe(400);
    });

    it('follows the policy, the quota, region enablement and deletion', async () => {
      const t = await stack.createTenant();
      const { jwt } = await stack.login(t);
      await call('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: false, station_quota: 5 });
      const off = await implicit(jwt, 'nope');
      expect(off.status).toBe(404);
      expect(off.body).toEqual({ message: 'Station nope does not exist and automatic creation is disabled for this account' });

      await call('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 0 });
      const quota = await implicit(jwt, 'nope');
      expect(quota.status).toBe(403);
      expect(quota.body.message).toBe(`Station quota of 0 reached for account ${t.accountId}`);

      await call('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 5 });
      expect((await implicit(jwt, 'gone')).status).toBe(201);
      await call('DELETE', `/admin/accounts/${t.accountId}/stations/${stack.regionId}/gone`);
      expect((await implicit(jwt, 'gone')).status).toBe(404);

      const elsewhere = await stack.createTenant({ enableRegion: false });
      const other = await stack.login(elsewhere);
      expect((await implicit(other.jwt, 'x')).status).toBe(403);
      expect((await implicit(jwt, 'x', 'nowhere-1')).status).toBe(403);
    });

    it('answers 401 without a valid customer token', async () => {
      const t = await stack.createTenant();
      const grant = await stack.login(t);
      expect((await implicit(undefined, 'x')).status).toBe(401);
      expect((await implicit('not-a-jwt', 'x')).status).toBe(401);
      expect((await implicit(stack.operatorToken, 'x')).status).toBe(401);
      expect((await implicit(grant.jwt_refresh_token, 'x')).status).toBe(401);
      // Without a token, a malformed body is still 401 (auth before validation).
      expect((await call('POST', '/internal/stations/implicit', { nope: 1 })).status).toBe(401);
      await call('POST', `/admin/accounts/${t.accountId}/users/${t.username}/revoke-tokens`);
      expect((await implicit(grant.jwt, 'x')).status).toBe(401);
    });
  });
});
