import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogError, LogErrorKind } from '@restgw/log';
import { Redis } from 'ioredis';
import { ACCESS_AUDIENCE } from '../../../libs/auth/src/access-contract';
import { AccessStatePublisher } from '../../../libs/auth/src/issue/access-state.publisher';
import { newSigningKey, signJwt, TestSigningKey } from '../../../libs/auth/test/jwks-test-server';
import { createGatewayApp } from '../src/gateway.app';
import { loadGatewayConfig } from '../src/gateway.config';
import { FakeControlPlane } from './fake-control-plane';
import { InMemoryLogBackend } from './in-memory-log-backend';

/**
 * The gateway's HTTP contract in process: the real app (same bootstrap as
 * main.ts), a real JWKS server and Redis, and an in-memory LogBackend so
 * every log outcome (ack, 503, 413) can be produced on demand.
 */
// @restgw/auth re-exports the token issuer, which loads the ESM-only `jose` that jest
// cannot require (jest.preset.js does not transform it). The gateway never signs: stub it.
jest.mock('jose', () => ({}));

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const suffix = randomBytes(4).toString('hex');
const PREFIX = `test-gw-${suffix}:`;
const REGION = `region-${suffix}`;
const ACCOUNT = 501;
const now = () => Math.floor(Date.now() / 1000);

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

describe('gateway HTTP contract (in process)', () => {
  const cp = new FakeControlPlane();
  const log = new InMemoryLogBackend();
  let key: TestSigningKey;
  let app: NestFastifyApplication;
  let base = '';
  let redis: Redis;
  let jwt = '';

  const token = (over: Record<string, unknown> = {}) =>
    signJwt(
      { alg: 'ES256', kid: key.kid, typ: 'JWT' },
      { iss: 'test-cp', aud: ACCESS_AUDIENCE, sub: '9', account_id: ACCOUNT, username: 'u', sid: randomUUID(), jti: randomUUID(), iat: now(), exp: now() + 600, ...over },
      key.privateKey,
    );

  async function call(method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer; auth?: boolean } = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.auth === false ? {} : { authorization: `Bearer ${jwt}` }), ...opts.headers };
    const res = await fetch(`${base}${path}`, { method, headers, body: opts.body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  const produce = (station: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/plain' }) =>
    call('POST', `/stations/${station}/produce/single`, { body, headers });
  const batch = (station: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    call('POST', `/stations/${station}/produce/batch`, { body, headers });
  const consume = (station: string, body: unknown) =>
    call('POST', `/stations/${station}/consume/batch`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const topic = (station: string) => `acct-${ACCOUNT}.${station}`;

  beforeAll(async () => {
    key = newSigningKey();
    cp.keys = [key];
    await cp.start();
    redis = new Redis(REDIS_URL, { keyPrefix: PREFIX });
    await new AccessStatePublisher(redis).setRegionAccount(REGION, ACCOUNT, true);
    const config = loadGatewayConfig({
      GATEWAY_PORT: '0',
      REGION_ID: REGION,
      CONTROL_PLANE_URL: cp.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      TOKEN_ISSUER: 'test-cp',
      BODY_LIMIT_BYTES: String(64 * 1024),
      MESSAGE_MAX_BYTES: '2000',
      BATCH_MAX_MESSAGES: '5',
      CONSUME_MAX_WAIT_MS: '1000',
      CORS_ORIGINS: 'https://app.example',
      LOG_LEVEL: 'error',
    });
    app = await createGatewayApp(config, { logBackend: log });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    jwt = token();
    for (let i = 0; i < 100; i++) {
      const ready = await call('GET', '/readyz', { auth: false });
      if (ready.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await app?.close();
    await cp.stop();
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(PREFIX.length)));
    redis.disconnect();
  });

  describe('operations', () => {
    it('answers /monitoring/status, /healthz and /readyz without auth', async () => {
      expect((await call('GET', '/monitoring/status', { auth: false })).json).toEqual({ status: 'ok' });
      expect((await call('GET', '/healthz', { auth: false })).status).toBe(200);
      const ready = await call('GET', '/readyz', { auth: false });
      expect(ready.status).toBe(200);
      expect(ready.json.checks).toEqual({ log: true, keys: true, accessState: true });
    });

    it('is not ready while the log is not', async () => {
      log.ready = false;
      try {
        const ready = await call('GET', '/readyz', { auth: false });
        expect(ready.status).toBe(503);
        expect(ready.json.checks.log).toBe(false);
      } finally {
        log.ready = true;
      }
    });

    it('answers CORS preflight and refuses a disallowed origin server-side', async () => {
      const pre = await call('OPTIONS', '/stations/s/produce/single', {
        auth: false,
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const bad = await produce('cors', 'x', { 'content-type': 'text/plain', origin: 'https://evil.example' });
      expect(bad.status).toBe(403);
      expect(log.stored(topic('cors'))).toHaveLength(0);
    });

    it('refuses a body over the limit with 413', async () => {
      const res = await produce('big', Buffer.alloc(65 * 1024, 'a'));
      expect(res.status).toBe(413);
    });
  });

  describe('auth matrix', () => {
    it.each([
      ['POST', '/stations/s/produce/single'],
      ['POST', '/stations/s/produce/batch'],
      ['POST', '/stations/s/consume/batch'],
    ])('%s %s refuses a missing or bad token with 401 {"message":"Unauthorized"}', async (method, path) => {
      for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${token({ exp: now() - 1, iat: now() - 60 })}` }]) {
        const res = await call(method, path, { auth: false, headers: { 'content-type': 'application/json', ...(headers as Record<string, string>) }, body: '[]' });
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ message: 'Unauthorized' });
      }
    });

    it.each([
      ['POST', '/stations/s/produce/single'],
      ['POST', '/stations/s/produce/batch'],
      ['POST', '/stations/s/consume/batch'],
    ])('%s %s refuses another account in ?accountId= with 403', async (method, path) => {
      const res = await call(method, `${path}?accountId=${ACCOUNT + 1}`, { headers: { 'content-type': 'application/json' }, body: '[]' });
      expect(res.status).toBe(403);
      expect(res.json.success).toBe(false);
    });

    it('refuses 403 for an account not enabled in this region', async () => {
      const res = await call('POST', '/stations/s/produce/single', {
        auth: false,
        headers: { authorization: `Bearer ${token({ account_id: ACCOUNT + 7 })}`, 'content-type': 'text/plain' },
        body: 'x',
      });
      expect(res.status).toBe(403);
    });
  });

  describe('produce/single', () => {
    it('stores the body bytes unchanged with the request headers, then answers 200', async () => {
      const payload = Buffer.from([0x00, 0xff, 0x10, 0x80]);
      const res = await call('POST', '/stations/Orders/produce/single', {
        body: payload,
        headers: { 'content-type': 'application/octet-stream', 'X-Trace-Id': 'abc', cookie: 'a=b' },
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ error: null, success: true });
      const [stored] = log.stored(topic('orders'));
      expect(stored.value.equals(payload)).toBe(true);
      expect(stored.headers).toMatchObject({ 'X-Trace-Id': 'abc', 'content-type': 'application/octet-stream' });
      expect(Object.keys(stored.headers).map((h) => h.toLowerCase())).not.toEqual(expect.arrayContaining(['authorization']));
      expect(Object.keys(stored.headers).map((h) => h.toLowerCase())).not.toContain('cookie');
      expect(Object.keys(stored.headers).map((h) => h.toLowerCase())).not.toContain('content-length');
    });

    it('takes the token from ?authorization= too, and accepts a matching ?accountId=', async () => {
      const res = await call('POST', `/stations/q/produce/single?authorization=${jwt}&accountId=${ACCOUNT}`, {
        auth: false,
        body: 'hi',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
      expect(res.status).toBe(200);
      expect(log.stored(topic('q'))[0].value.toString()).toBe('hi');
    });

    it.each([[undefined], ['application/xml'], ['multipart/form-data; boundary=x']])('refuses Content-Type %p with 415', async (ct) => {
      // A Buffer body: fetch adds no Content-Type of its own.
      const res = await produce('ct', Buffer.from('x'), ct ? { 'content-type': ct } : {});
      expect(res.status).toBe(415);
      expect(res.json).toEqual({ error: expect.any(String), success: false });
    });

    it('refuses a $memphis header with 400', async () => {
      const res = await produce('hdr', 'x', { 'content-type': 'text/plain', '$memphis_producedBy': 'me' });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/\$memphis/);
    });

    // Fails until createHttpApp (libs/platform) raises fastify's maxParamLength (default 100) above 128:
    // today a valid 101-128 character station name gets fastify's 414. Flip to it() once fixed.
    it.failing('serves station names up to 128 characters and refuses longer ones with 400', async () => {
      expect((await produce('a'.repeat(128), 'x')).status).toBe(200);
      expect((await produce('a'.repeat(129), 'x')).status).toBe(400);
    });

    it.each(['-bad', 'bad-', 'sp ace', '_x', 'x.', 'emoji☃'])('refuses the station name %p with 400 naming the allowed characters', async (name) => {
      const res = await produce(encodeURIComponent(name), 'x');
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: expect.stringContaining('a-z, 0-9'), success: false });
    });

    it('answers 503 with Retry-After when the log cannot accept writes, and 413 when it says too large', async () => {
      log.failProduce = new LogError(LogErrorKind.Unavailable, 'brokers down');
      try {
        const res = await produce('down', 'x');
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.json.success).toBe(false);
        log.failProduce = new LogError(LogErrorKind.TooLarge, 'record too large');
        expect((await produce('down', 'x')).status).toBe(413);
      } finally {
        log.failProduce = undefined;
      }
    });

    it('refuses a message over MESSAGE_MAX_BYTES with 413', async () => {
      expect((await produce('limit', 'x'.repeat(3000))).status).toBe(413);
    });
  });

  describe('produce/batch', () => {
    it('stores each element as its compact JSON text, key order and big numbers kept', async () => {
      const res = await batch('b1', '[ {"b": 1, "2": true, "1": 12345678901234567890}, "s", 1.0 ]', { 'content-type': 'application/json', 'X-Src': 'etl' });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ error: null, success: true });
      const stored = log.stored(topic('b1'));
      expect(stored.map((r) => r.value.toString())).toEqual(['{"b":1,"2":true,"1":12345678901234567890}', '"s"', '1.0']);
      expect(stored.every((r) => r.headers['X-Src'] === 'etl')).toBe(true);
    });

    it('answers 200 for [] and stores nothing', async () => {
      expect((await batch('b2', '[]')).status).toBe(200);
      expect(log.stored(topic('b2'))).toHaveLength(0);
    });

    it('refuses a non-array (400), malformed JSON (400), a non-JSON type (415) and too many elements (413)', async () => {
      expect((await batch('b3', '{"a":1}')).status).toBe(400);
      expect((await batch('b3', '[1,')).json).toEqual({ error: 'Invalid request body', success: false });
      expect((await batch('b3', '[1]', { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await batch('b3', '[1,2,3,4,5,6]')).status).toBe(413);
    });

    it('stores the valid elements and reports the others', async () => {
      const big = JSON.stringify('x'.repeat(2500));
      const res = await batch('b4', `[1, ${big}, 3]`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ errors: [expect.stringMatching(/^1: /)], fail: 1, sent: 2, success: false });
      expect(log.stored(topic('b4')).map((r) => r.value.toString())).toEqual(['1', '3']);
    });
  });

  describe('consume/batch', () => {
    it('returns messages with headers, base64 for binary payloads, and commits after the response', async () => {
      await produce('c1', '{"a":1}', { 'content-type': 'application/json', 'X-K': 'v' });
      await call('POST', '/stations/c1/produce/single', { body: Buffer.from([0xff, 0xfe]), headers: { 'content-type': 'application/octet-stream' } });
      const commits = log.commits;
      const res = await consume('c1', { consumer_name: 'w1', batch_size: 2, batch_max_wait_time_ms: 100 });
      expect(res.status).toBe(200);
      expect(res.json).toEqual([
        { message: '{"a":1}', headers: expect.objectContaining({ 'X-K': 'v' }) },
        { message: Buffer.from([0xff, 0xfe]).toString('base64'), headers: expect.any(Object), encoding: 'base64' },
      ]);
      await new Promise((r) => setTimeout(r, 50));
      expect(log.commits).toBe(commits + 1);
      const again = await consume('c1', { consumer_name: 'w1', batch_max_wait_time_ms: 100 });
      expect(again.json).toEqual([]);
      const otherGroup = await consume('c1', { consumer_name: 'w2', batch_size: 5, batch_max_wait_time_ms: 100 });
      expect(otherGroup.json).toHaveLength(2);
    });

    it('uses derived topic and group names only', async () => {
      await consume('c2', { consumer_name: 'w', consumer_group: 'G1', batch_max_wait_time_ms: 100 });
      expect([...log.committed.keys()]).toContain(`acct-${ACCOUNT}.c2.g1|acct-${ACCOUNT}.c2`);
    });

    it('releases the batch when the client went away before the answer', async () => {
      const releases = log.releases;
      await new Promise<void>((resolve) => {
        const req = httpRequest(`${base}/stations/c3/consume/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
        });
        req.on('error', () => resolve());
        req.end(JSON.stringify({ consumer_name: 'w', batch_max_wait_time_ms: 500 }));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
      await new Promise((r) => setTimeout(r, 700));
      expect(log.releases).toBe(releases + 1);
    });

    it('validates the request with the API.md texts', async () => {
      expect((await consume('c4', {})).json).toEqual({ error: 'Consumer name is required', success: false });
      expect((await consume('c4', '{nope')).json).toEqual({ error: 'Invalid request body', success: false });
      expect((await consume('c4', { consumer_name: 'w', batch_size: 5001 })).json).toEqual({
        error: 'Batch size can not be greater than 5000 or less than 1',
        success: false,
      });
      expect((await consume('c4', { consumer_name: 'w', account_id: ACCOUNT + 1 })).status).toBe(403);
      expect((await consume('c4', { consumer_name: 'w', account_id: ACCOUNT, batch_max_wait_time_ms: 100 })).status).toBe(200);
    });
  });

  describe('/auth/* forwarding', () => {
    it('relays method, path, query, body, content type and authorization, and the answer', async () => {
      cp.answer = { status: 429, body: '{"message":"Too many attempts"}', headers: { 'retry-after': '7' } };
      const body = '{"username":"u","password":"p"}';
      const res = await call('POST', '/auth/authenticate?accountId=3', {
        auth: false,
        body,
        headers: { 'content-type': 'application/json', authorization: 'Bearer rt_x' },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json).toEqual({ message: 'Too many attempts' });
      const seen = cp.seen.at(-1)!;
      expect(seen).toMatchObject({ method: 'POST', url: '/auth/authenticate?accountId=3' });
      expect(seen.body.toString()).toBe(body);
      expect(seen.headers['content-type']).toBe('application/json');
      expect(seen.headers.authorization).toBe('Bearer rt_x');
      cp.answer = { status: 200, body: '{"ok":true}' };
    });

    it('answers 503 JSON when the control plane is unreachable, while station routes keep working', async () => {
      await cp.stop();
      try {
        const res = await call('POST', '/auth/refreshToken', { auth: false, body: '{}', headers: { 'content-type': 'application/json' } });
        expect(res.status).toBe(503);
        expect(res.json).toEqual({ message: expect.stringContaining('control plane') });
        expect(res.headers.get('retry-after')).toBeTruthy();
        const fresh = token();
        expect((await call('POST', '/stations/cpdown/produce/single', { auth: false, body: 'x', headers: { authorization: `Bearer ${fresh}`, 'content-type': 'text/plain' } })).status).toBe(200);
      } finally {
        await cp.start(cp.port);
      }
    });
  });
});
