import { request as httpRequest } from 'node:http';
import { requestJson, Stack } from '@restgw/testing';
import { GatewayClient, sleep } from './gateway-client';

/**
 * produce/single, produce/batch and consume/batch through the real apps (API.md
 * "Station routes"), run by produce-consume.e2e-spec.ts on the cluster profile (real Kafka
 * and Redis) and by produce-consume.local.e2e-spec.ts on the local profile.
 */
export function produceConsumeSuite(profile: 'cluster' | 'local'): void {
describe(`gateway station routes: produce and consume (${profile} profile)`, () => {
  let stack: Stack;
  let gw: GatewayClient;
  let n = 0;
  const station = (name: string) => `${name}-${++n}`;

  beforeAll(async () => {
    stack = await Stack.start({ profile, gatewayEnv: { MESSAGE_MAX_BYTES: '4096', BATCH_MAX_MESSAGES: '50', BODY_LIMIT_BYTES: String(256 * 1024) } });
    const tenant = await stack.createTenant();
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
  });
  afterAll(() => stack?.stop());

  describe('produce/single', () => {
    it('stores the body unchanged with the request headers (canonical names on consume, no secrets)', async () => {
      const st = station('single');
      const res = await gw.produce(st, '{"order": 1,  "big": 123456789012345678901234}', {
        'content-type': 'application/json; charset=utf-8',
        'x-trace-id': 'trace-1',
        Cookie: 'session=secret',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ error: null, success: true });
      const [msg] = await gw.consumeAll(st, { consumer_name: 'reader' }, 1);
      expect(msg.message).toBe('{"order": 1,  "big": 123456789012345678901234}');
      expect(msg.encoding).toBeUndefined();
      expect(msg.headers['X-Trace-Id']).toBe('trace-1');
      expect(msg.headers['Content-Type']).toBe('application/json; charset=utf-8');
      const names = Object.keys(msg.headers).map((h) => h.toLowerCase());
      for (const secret of ['authorization', 'cookie', 'content-length', 'connection']) expect(names).not.toContain(secret);
    });

    it('returns binary payloads base64-encoded with encoding: "base64"', async () => {
      const st = station('binary');
      const bytes = Buffer.from([0x08, 0x96, 0x01, 0xff, 0x00]);
      expect((await gw.produce(st, bytes, { 'content-type': 'application/x-protobuf' })).status).toBe(200);
      const [msg] = await gw.consumeAll(st, { consumer_name: 'reader' }, 1);
      expect(msg).toEqual({ message: bytes.toString('base64'), headers: expect.any(Object), encoding: 'base64' });
    });

    it('lowercases station names: Orders and orders are one station', async () => {
      const st = station('Orders');
      expect((await gw.produce(st, 'x')).status).toBe(200);
      const got = await gw.consumeAll(st.toLowerCase(), { consumer_name: 'reader' }, 1);
      expect(got.map((m) => m.message)).toEqual(['x']);
    });

    it.each(['-lead', 'trail.', 'sp ace', 'semi;colon', 'emoji☃'])('refuses the station name %p with 400 naming the allowed characters', async (name) => {
      const res = await gw.produce(encodeURIComponent(name), 'x');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: expect.stringContaining('a-z, 0-9'), success: false });
    });

    it.each([[undefined], ['application/xml'], ['image/png']])('refuses Content-Type %p with 415', async (ct) => {
      const res = await gw.produce(station('ct'), Buffer.from('x'), ct ? { 'content-type': ct } : {});
      expect(res.status).toBe(415);
      expect(res.body.success).toBe(false);
    });

    it.each(['text/csv', 'application/octet-stream', 'application/x-protobuf', 'application/json'])('accepts Content-Type %p', async (ct) => {
      expect((await gw.produce(station('ct-ok'), '1', { 'content-type': ct })).status).toBe(200);
    });

    it('refuses a $memphis header with 400', async () => {
      const res = await gw.produce(station('hdr'), 'x', { 'content-type': 'text/plain', '$memphis_producedBy': 'x' });
      expect(res.status).toBe(400);
      expect(res.body.success).toBe(false);
    });

    it('refuses a message over the message size limit (413) and a body over the body limit (413)', async () => {
      expect((await gw.produce(station('big'), 'x'.repeat(5000))).status).toBe(413);
      expect((await gw.produce(station('big'), 'x'.repeat(300 * 1024))).status).toBe(413);
    });
  });

  describe('produce/batch', () => {
    it('stores each element as compact JSON, in order, key order and large integers exact', async () => {
      const st = station('batch');
      const body = '[ {"z": 1, "10": 2, "a": [ 1, 2 ]}, 98765432109876543210987, "text", null ]';
      const res = await gw.produceBatch(st, body, { 'X-Source': 'etl' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ error: null, success: true });
      const got = await gw.consumeAll(st, { consumer_name: 'reader', batch_size: 10 }, 4);
      expect(got.map((m) => m.message)).toEqual(['{"z":1,"10":2,"a":[1,2]}', '98765432109876543210987', '"text"', 'null']);
      expect(got.every((m) => m.headers['X-Source'] === 'etl')).toBe(true);
    });

    it('answers 200 to [] and stores nothing', async () => {
      const st = station('empty');
      expect((await gw.produceBatch(st, '[]')).status).toBe(200);
      expect((await gw.consume(st, { consumer_name: 'r', batch_max_wait_time_ms: 300 })).body).toEqual([]);
    });

    it('refuses a non-array (400), malformed JSON (400), another content type (415) and too many elements (413)', async () => {
      const st = station('bad-batch');
      expect((await gw.produceBatch(st, '{"a":1}')).status).toBe(400);
      expect((await gw.produceBatch(st, '[1,')).body).toEqual({ error: 'Invalid request body', success: false });
      expect((await gw.produceBatch(st, '[1]', { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await gw.produceBatch(st, JSON.stringify(Array.from({ length: 51 }, (_, i) => i)))).status).toBe(413);
    });

    it('stores the valid elements and reports each invalid one', async () => {
      const st = station('partial');
      const res = await gw.produceBatch(st, `[1, ${JSON.stringify('x'.repeat(5000))}, 3]`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [expect.stringMatching(/^1: /)], fail: 1, sent: 2, success: false });
      const got = await gw.consumeAll(st, { consumer_name: 'r' }, 2);
      expect(got.map((m) => m.message)).toEqual(['1', '3']);
    });
  });

  describe('consume/batch', () => {
    it('starts a new group at the oldest message; groups each get everything; a group continues where it was', async () => {
      const st = station('groups');
      expect((await gw.produceBatch(st, '[1,2,3,4]')).status).toBe(200);
      const a1 = await gw.consume(st, { consumer_name: 'a', consumer_group: 'ga', batch_size: 2 });
      expect(a1.body.map((m: any) => m.message)).toEqual(['1', '2']);
      const a2 = await gw.consume(st, { consumer_name: 'a', consumer_group: 'ga', batch_size: 10, batch_max_wait_time_ms: 500 });
      expect(a2.body.map((m: any) => m.message)).toEqual(['3', '4']);
      const b = await gw.consumeAll(st, { consumer_name: 'b', consumer_group: 'gb', batch_size: 10 }, 4);
      expect(b.map((m) => m.message)).toEqual(['1', '2', '3', '4']);
    });

    it('gives consumers of one group disjoint messages', async () => {
      const st = station('disjoint');
      expect((await gw.produceBatch(st, JSON.stringify(Array.from({ length: 20 }, (_, i) => i)))).status).toBe(200);
      const [x, y] = await Promise.all([
        gw.consumeAll(st, { consumer_name: 'x', consumer_group: 'shared', batch_size: 5 }, 10, 4),
        gw.consumeAll(st, { consumer_name: 'y', consumer_group: 'shared', batch_size: 5 }, 10, 4),
      ]);
      const all = [...x, ...y].map((m) => m.message);
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort((p, q) => Number(p) - Number(q))).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    });

    it('answers [] after the wait when nothing arrives, and returns as soon as batch_size messages are ready', async () => {
      const st = station('wait');
      const started = Date.now();
      const empty = await gw.consume(st, { consumer_name: 'w', batch_max_wait_time_ms: 800 });
      expect(empty.body).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(700);

      const pending = gw.consume(st, { consumer_name: 'w', batch_size: 1, batch_max_wait_time_ms: 20_000 });
      await sleep(500);
      const producedAt = Date.now();
      await gw.produce(st, 'now');
      const res = await pending;
      expect(res.body.map((m: any) => m.message)).toEqual(['now']);
      expect(Date.now() - producedAt).toBeLessThan(5000);
    });

    it('redelivers a batch whose client went away before the answer', async () => {
      const st = station('abandon');
      await gw.produce(st, 'warm-up');
      await gw.consumeAll(st, { consumer_name: 'g' }, 1);
      const url = new URL(`${stack.gatewayUrl}/stations/${st}/consume/batch`);
      const req = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' } });
      req.on('error', () => undefined);
      req.end(JSON.stringify({ consumer_name: 'g', batch_size: 1, batch_max_wait_time_ms: 3000 }));
      await sleep(300);
      req.destroy();
      await gw.produce(st, 'must-not-be-lost');
      await sleep(3500);
      const got = await gw.consumeAll(st, { consumer_name: 'g' }, 1);
      expect(got.map((m) => m.message)).toEqual(['must-not-be-lost']);
    });

    it('validates the request with the API.md texts', async () => {
      const st = station('validate');
      expect((await gw.consume(st, {})).body).toEqual({ error: 'Consumer name is required', success: false });
      expect((await gw.consume(st, '{oops')).body).toEqual({ error: 'Invalid request body', success: false });
      for (const batch_size of [-1, 5001]) {
        const res = await gw.consume(st, { consumer_name: 'c', batch_size });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'Batch size can not be greater than 5000 or less than 1', success: false });
      }
      expect((await gw.consume(st, { consumer_name: 'Bad Name' })).status).toBe(400);
      expect((await gw.consume(st, { consumer_name: 'c', batch_max_wait_time_ms: 1, unknown_field: true })).status).toBe(200);
    });
  });

  it('keeps producing and consuming known stations while the control plane is down; /auth and unknown stations wait for it', async () => {
    const st = station('cp-down');
    expect((await gw.produce(st, 'before')).status).toBe(200); // known to the gateway from now on
    await stack.controlPlane.stop();
    const auth = await requestJson(`${stack.gatewayUrl}/auth/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y', account_id: 1 }),
    });
    expect(auth.status).toBe(503);
    expect(auth.body).toEqual({ message: expect.any(String) });
    expect((await gw.produce(st, 'still-works')).status).toBe(200);
    expect((await gw.consumeAll(st, { consumer_name: 'r' }, 2)).map((m) => m.message)).toEqual(['before', 'still-works']);
    const unknown = await gw.produce(station('cp-down-new'), 'x');
    expect(unknown.status).toBe(503);
    expect(unknown.body).toEqual({ error: expect.stringMatching(/control plane is unavailable/), success: false });
    expect(Number(unknown.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
}
