import * as protobuf from 'protobufjs';
import { Stack, Tenant } from '@restgw/testing';
import { eventually, GatewayClient } from './gateway-client';

const ORDER_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, price: { type: 'number' } },
  required: ['id'],
});

const ORDER_PROTO = `syntax = "proto3";
package shop;
message Order { int64 id = 1; string sku = 2; double price = 3; }`;

/**
 * Stations and schemas as the gateway applies them (issue 3), through real
 * processes: control plane (admin API), region worker, gateway, Kafka.
 */
describe('gateway: stations, schemas, limits and policies', () => {
  let stack: Stack;
  let a: Tenant;
  let gwA: GatewayClient;
  let n = 0;
  const unique = (name: string) => `${name}-${++n}`;
  const reader = () => {
    const name = unique('reader');
    return { consumer_name: name, consumer_group: name };
  };

  const createStation = (t: Tenant, name: string, extra: Record<string, unknown> = {}) =>
    stack.admin('POST', `/admin/accounts/${t.accountId}/stations`, { region_id: stack.regionId, name, ...extra });
  const createSchema = (t: Tenant, body: Record<string, unknown>) => stack.admin<{ id: string }>('POST', `/admin/accounts/${t.accountId}/schemas`, body);
  const client = async (t: Tenant) => new GatewayClient(stack.gatewayUrl, (await stack.login(t)).jwt);
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    stack = await Stack.start({ gatewayEnv: { STATION_RESYNC_MS: '1000' } });
    a = await stack.createTenant();
    gwA = await client(a);
  });
  afterAll(() => stack?.stop());

  describe('JSON Schema', () => {
    let schemaId: string;
    beforeAll(async () => {
      schemaId = (await createSchema(a, { name: unique('order'), type: 'json', definition: ORDER_SCHEMA })).id;
    });

    it('stores a valid single message and refuses an invalid one naming the path and reason', async () => {
      const st = unique('json-single');
      await createStation(a, st, { schema_id: schemaId });
      expect(await gwA.produce(st, '{"id": 1, "price": 2.5}', json)).toMatchObject({ status: 200, body: { error: null, success: true } });
      const bad = await gwA.produce(st, '{"id":2,"price":"free"}', json);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: 'Schema validation has failed: /price must be number', success: false });
      const missing = await gwA.produce(st, '{"price":1}', json);
      expect(missing.body).toEqual({ error: "Schema validation has failed: / must have required property 'id'", success: false });
      const notJson = await gwA.produce(st, 'plain text', { 'content-type': 'text/plain' });
      expect(notJson.status).toBe(400);
      expect(notJson.body.error).toMatch(/^Schema validation has failed: the body is not valid JSON/);
      const got = await gwA.consumeAll(st, reader(), 1, 3);
      expect(got.map((m) => m.message)).toEqual(['{"id": 1, "price": 2.5}']);
    });

    it('a batch with invalid elements in the middle stores exactly the valid ones, in order, and reports the others by index', async () => {
      const st = unique('json-batch');
      await createStation(a, st, { schema_id: schemaId });
      const res = await gwA.produceBatch(st, '[{"id":1}, {"id":"two"}, {"id":3,"price":9.5}, "text", {"id":5, "big": 123456789012345678901234}]');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: ['1: Schema validation has failed: /id must be integer', '3: Schema validation has failed: / must be object'],
        fail: 2,
        sent: 3,
        success: false,
      });
      const got = await gwA.consumeAll(st, reader(), 3, 5);
      expect(got.map((m) => m.message)).toEqual(['{"id":1}', '{"id":3,"price":9.5}', '{"id":5,"big":123456789012345678901234}']);
    });

    it('enforces a new schema version without restarting the gateway', async () => {
      const st = unique('json-version');
      const own = await createSchema(a, { name: unique('evolving'), type: 'json', definition: ORDER_SCHEMA });
      await createStation(a, st, { schema_id: own.id });
      expect((await gwA.produce(st, '{"id":1}', json)).status).toBe(200);
      await stack.admin('POST', `/admin/accounts/${a.accountId}/schemas/${own.id}/versions`, {
        definition: JSON.stringify({ type: 'object', required: ['id', 'sku'] }),
      });
      const elapsed = await eventually(async () => (await gwA.produce(st, '{"id":1}', json)).status === 400, 5_000);
      expect(elapsed).toBeLessThan(5_000);
      const res = await gwA.produce(st, '{"id":1}', json);
      expect(res.body).toEqual({ error: "Schema validation has failed: / must have required property 'sku'", success: false });
      expect((await gwA.produce(st, '{"id":1,"sku":"a"}', json)).status).toBe(200);
    });

    it('attaching and detaching a schema applies within seconds', async () => {
      const st = unique('json-attach');
      await createStation(a, st);
      expect((await gwA.produce(st, 'free text')).status).toBe(200);
      await stack.admin('PUT', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/${st}/schema`, { schema_id: schemaId });
      await eventually(async () => (await gwA.produce(st, 'free text')).status === 400, 5_000);
      await stack.admin('DELETE', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/${st}/schema`);
      await eventually(async () => (await gwA.produce(st, 'free text')).status === 200, 5_000);
    });
  });

  describe('Protobuf', () => {
    const Order = protobuf.parse(ORDER_PROTO).root.lookupType('shop.Order');
    let st: string;
    beforeAll(async () => {
      const schema = await createSchema(a, { name: unique('order-pb'), type: 'protobuf', definition: ORDER_PROTO, message_type: 'shop.Order' });
      st = unique('pb');
      await createStation(a, st, { schema_id: schema.id });
    });

    it('stores a valid binary message byte for byte', async () => {
      const bytes = Buffer.from(Order.encode({ id: 42, sku: 'sku-1', price: 9.99 }).finish());
      expect((await gwA.produce(st, bytes, { 'content-type': 'application/x-protobuf' })).status).toBe(200);
      const [msg] = await gwA.consumeAll(st, reader(), 1, 3);
      const stored = msg.encoding === 'base64' ? Buffer.from(msg.message, 'base64') : Buffer.from(msg.message, 'utf8');
      expect(stored.equals(bytes)).toBe(true);
    });

    it('refuses a JSON body with a clear message', async () => {
      const res = await gwA.produce(st, '{"id":42,"sku":"sku-1"}', json);
      expect(res.status).toBe(400);
      expect(res.body.success).toBe(false);
      expect(res.body.error).toMatch(
        /^Schema validation has failed: the body is not a valid shop\.Order Protobuf message \(.+\); this station takes binary Protobuf messages with Content-Type application\/x-protobuf$/,
      );
    });

    it('refuses produce/batch, pointing to produce/single with application/x-protobuf', async () => {
      const res = await gwA.produceBatch(st, '[{"id":1}]');
      expect(res.status).toBe(400);
      expect(res.body.error).toContain('produce/single and Content-Type application/x-protobuf');
    });
  });

  it("answers 413 above the station's max_message_bytes; a batch reports the element", async () => {
    const st = unique('small');
    await createStation(a, st, { max_message_bytes: 1024 });
    expect((await gwA.produce(st, 'x'.repeat(100))).status).toBe(200);
    const big = await gwA.produce(st, 'x'.repeat(2000));
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ error: 'The message is larger than 1024 bytes', success: false });
    const batch = await gwA.produceBatch(st, JSON.stringify(['small', 'y'.repeat(2000), 'small too']));
    expect(batch.body).toEqual({ errors: ['1: message is larger than 1024 bytes'], fail: 1, sent: 2, success: false });
  });

  it('answers 404 for an unknown station when automatic creation is off, with the control plane message', async () => {
    const t = await stack.createTenant();
    const gw = await client(t);
    const existing = unique('kept');
    expect((await gw.produce(existing, 'x')).status).toBe(200);
    await stack.admin('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: false, station_quota: 100 });
    const res = await gw.produce(unique('never'), 'x');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.stringMatching(/.+/), success: false });
    expect((await gw.consume(unique('never'), reader())).status).toBe(404);
    expect((await gw.produce(existing, 'still fine')).status).toBe(200);
    // Turning it back on applies at once (the policy event clears remembered refusals).
    await stack.admin('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 100 });
    await eventually(async () => (await gw.produce(unique('later'), 'x')).status === 200, 5_000);
  });

  it('relays the station quota refusal naming the quota', async () => {
    const t = await stack.createTenant();
    const gw = await client(t);
    await stack.admin('PUT', `/admin/accounts/${t.accountId}/station-policy`, { auto_create: true, station_quota: 1 });
    expect((await gw.produce(unique('first'), 'x')).status).toBe(200);
    const res = await gw.produce(unique('second'), 'x');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: `Station quota of 1 reached for account ${t.accountId}`, success: false });
  });

  it("keeps one account's stations and schemas invisible to another", async () => {
    const b = await stack.createTenant();
    const gwB = await client(b);
    const st = unique('same-name');
    const bSchema = await createSchema(b, { name: 'strict', type: 'json', definition: JSON.stringify({ type: 'object', required: ['b_only'] }) });
    await createStation(b, st, { schema_id: bSchema.id });
    expect((await gwB.produce(st, '{"b_only":1}', json)).status).toBe(200);
    expect((await gwB.produce(st, '{"a":1}', json)).status).toBe(400);

    // A's station of the same name is A's own (created on first use): B's schema does not apply, B's messages are not there.
    expect((await gwA.produce(st, '{"a":1}', json)).status).toBe(200);
    expect((await gwA.consumeAll(st, reader(), 1, 3)).map((m) => m.message)).toEqual(['{"a":1}']);
    expect((await gwB.consumeAll(st, reader(), 1, 3)).map((m) => m.message)).toEqual(['{"b_only":1}']);
    // B's schema cannot be attached to A's station.
    await expect(
      stack.admin('PUT', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/${st}/schema`, { schema_id: bSchema.id }),
    ).rejects.toThrow(/-> 4\d\d/);
  });

  it("refuses a deleted station within seconds, for produce and consume; another account's same-named station is untouched", async () => {
    const st = unique('doomed');
    const b = await stack.createTenant();
    const gwB = await client(b);
    await createStation(a, st);
    await createStation(b, st);
    expect((await gwA.produce(st, 'x')).status).toBe(200);
    expect((await gwB.produce(st, 'x')).status).toBe(200);
    await stack.admin('DELETE', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/${st}`);
    const elapsed = await eventually(async () => (await gwA.produce(st, 'y')).status === 404, 5_000);
    expect(elapsed).toBeLessThan(5_000);
    const res = await gwA.produce(st, 'y');
    expect(res.body).toEqual({ error: `Station ${st} does not exist`, success: false });
    expect((await gwA.consume(st, reader())).body).toEqual({ error: `Station ${st} does not exist`, success: false });
    expect((await gwB.produce(st, 'still here')).status).toBe(200);
    expect((await gwB.consumeAll(st, reader(), 2, 3)).map((m) => m.message)).toEqual(['x', 'still here']);
    // Once the worker deleted the topic, this gateway's producer does not trip over it: a new station works at once.
    await eventually(async () => (await stack.admin<{ status: string }>('GET', `/admin/accounts/${a.accountId}/stations/${stack.regionId}/${st}`)).status === 'deleted', 10_000);
    expect((await gwA.produce(unique('after-delete'), 'z')).body).toEqual({ error: null, success: true });
  });
});
