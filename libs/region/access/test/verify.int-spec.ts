import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@restgw/platform';
import { Redis } from 'ioredis';
import { RedisStateStore, StateStoreModule, Write } from '@restgw/state';
import { AccessStatePublisher } from '@restgw/accounts';
import { ACCESS_AUDIENCE, ADMIN_AUDIENCE, AccessKeys, TenantContext } from '@restgw/contracts';
import { AccessStateMirror } from '../src/access-state.mirror';
import { AccessTokenVerifier } from '../src/access-token.verifier';
import { JwksCache } from '../src/jwks-cache.service';
import { Tenant } from '../src/tenant.decorator';
import { TenantGuard } from '../src/tenant.guard';
import { TokenVerifyModule } from '../src/token-verify.module';
import { JwksTestServer, newSigningKey, signJwt, TestSigningKey } from './jwks-test-server';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ISSUER = 'test-issuer';
const suffix = randomBytes(4).toString('hex');
const PREFIX = `test-verify-${suffix}:`;
const REGION = `region-${suffix}`;
const ACCOUNT = 41;
const OTHER_ACCOUNT = 42;

@Controller('stations')
class ProbeController {
  @Get('probe')
  @UseGuards(TenantGuard)
  probe(@Tenant() tenant: TenantContext) {
    return tenant;
  }
}

const now = () => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe('gateway token verification (real JWKS server, real Redis)', () => {
  const jwks = new JwksTestServer();
  let key: TestSigningKey;
  let app: NestFastifyApplication;
  let redis: Redis;
  let store: RedisStateStore;
  let publisher: AccessStatePublisher;
  let userSeq = 1000;

  const claims = (over: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: ACCESS_AUDIENCE,
    sub: String(++userSeq),
    account_id: ACCOUNT,
    username: 'app-user',
    sid: randomUUID(),
    jti: randomUUID(),
    iat: now(),
    exp: now() + 600,
    ...over,
  });
  const token = (over: Record<string, unknown> = {}, k: TestSigningKey = key, header: Record<string, unknown> = {}) =>
    signJwt({ alg: 'ES256', kid: k.kid, typ: 'JWT', ...header }, claims(over), k.privateKey);

  let baseUrl = '';
  const get = async (headers: Record<string, string> = {}, query = '') => {
    const res = await fetch(`${baseUrl}/stations/probe${query}`, { headers });
    const text = await res.text();
    return { statusCode: res.status, json: () => JSON.parse(text) };
  };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  beforeAll(async () => {
    key = newSigningKey();
    jwks.keys = [key];
    await jwks.start();
    redis = new Redis(REDIS_URL, { keyPrefix: PREFIX }); // an independent observer
    store = new RedisStateStore({ url: REDIS_URL, keyPrefix: PREFIX });
    publisher = new AccessStatePublisher(store);
    const complete = { regionAccounts: new Map([[REGION, [ACCOUNT]]]), regionStatus: new Map(), userNotBefore: new Map(), accountNotBefore: new Map(), revokedSessions: new Map(), apiKeys: new Map(), revokedApiKeys: new Map() };
    await publisher.publishAll(complete, new Map());

    @Module({
      imports: [
        StateStoreModule.forRoot({ redisUrl: REDIS_URL, keyPrefix: PREFIX }),
        TokenVerifyModule.forRoot({
          controlPlaneUrl: jwks.url,
          issuer: ISSUER,
          regionId: REGION,
          accessResyncMs: 60_000,
          jwksMinRefetchMs: 300,
        }),
      ],
      controllers: [ProbeController],
    })
    class TestModule {}

    app = await createHttpApp(TestModule, { name: 'verify-test', bodyLimitBytes: 1024 * 1024, corsOrigins: ['*'], rawBodies: true, logLevel: 'error' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    await eventually(async () => app.get(JwksCache).isLoaded() && app.get(AccessStateMirror).isLoaded(), 5000);
  });

  afterAll(async () => {
    await app?.close();
    await jwks.stop();
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(PREFIX.length)));
    redis.disconnect();
    await store.close();
  });

  it('accepts a valid token and exposes its tenant', async () => {
    const t = token({ sub: '77', username: 'alice' });
    const res = await get(bearer(t));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accountId: ACCOUNT, userId: 77, username: 'alice', sessionId: expect.any(String) });
  });

  it('checks a repeated token signature only once (verified-token cache)', async () => {
    const verify = jest.spyOn(AccessTokenVerifier.prototype, 'verify');
    try {
      const t = token();
      for (let i = 0; i < 5; i++) expect((await get(bearer(t))).statusCode).toBe(200);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it('reads the token from every accepted place', async () => {
    const t = token();
    expect((await get({ authorization: `Bearer: ${t}` })).statusCode).toBe(200);
    expect((await get({ authorization: `JWT ${t}` })).statusCode).toBe(200);
    expect((await get({}, `?authorization=${t}`)).statusCode).toBe(200);
    // The query parameter is only a fallback when no Authorization header is sent.
    expect((await get({ authorization: 'Bearer nope' }, `?authorization=${t}`)).statusCode).toBe(401);
    expect((await get({ authorization: t }, '')).statusCode).toBe(401);
  });

  it.each([
    ['no token', () => ({})],
    ['an expired token', () => bearer(token({ iat: now() - 120, exp: now() - 60 }))],
    ['a wrong audience (operator token)', () => bearer(token({ aud: ADMIN_AUDIENCE }))],
    ['a wrong issuer', () => bearer(token({ iss: 'someone-else' }))],
    ['alg none', () => bearer(signJwt({ alg: 'none', kid: key.kid }, claims(), null))],
    ['alg none with a forged signature', () => bearer(`${signJwt({ alg: 'none', kid: key.kid }, claims(), null)}${'A'.repeat(86)}`)],
    ['HS256 keyed with the public key', () => bearer(signJwt({ alg: 'HS256', kid: key.kid }, claims(), null) + 'x')],
    ['a key that is not in the JWKS', () => bearer(token({}, newSigningKey()))],
    ['a refresh token', () => bearer(`rt_${randomBytes(32).toString('base64url')}`)],
    ['garbage', () => bearer('a.b.c')],
    ['a token without account_id', () => bearer(token({ account_id: undefined }))],
    ['a token with a string account_id', () => bearer(token({ account_id: String(ACCOUNT) }))],
  ])('refuses %s with 401 {"message":"Unauthorized"}', async (_name, headers) => {
    const res = await get(headers());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ message: 'Unauthorized' });
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = token().split('.');
    const forged = Buffer.from(JSON.stringify(claims({ account_id: OTHER_ACCOUNT }))).toString('base64url');
    expect((await get(bearer(`${h}.${forged}.${s}`))).statusCode).toBe(401);
  });

  it('refuses a tampered payload even after the genuine token was cached', async () => {
    const genuine = token();
    expect((await get(bearer(genuine))).statusCode).toBe(200);
    const [h, p, s] = genuine.split('.');
    const body = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...body, sub: '1' })).toString('base64url');
    expect((await get(bearer(`${h}.${forged}.${s}`))).statusCode).toBe(401);
  });

  it('learns a rotated key on an unknown kid, at most one refetch per interval', async () => {
    const rotated = newSigningKey();
    jwks.keys = [rotated, key];
    await sleep(350); // past the refetch interval since the last fetch
    const hitsBefore = jwks.hits;
    const results = await Promise.all([get(bearer(token({}, rotated))), get(bearer(token({}, rotated)))]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(jwks.hits - hitsBefore).toBe(1);

    // Random kids right after cannot cause more fetches than the rate limit allows.
    const before = jwks.hits;
    for (let i = 0; i < 5; i++) expect((await get(bearer(token({}, newSigningKey())))).statusCode).toBe(401);
    expect(jwks.hits - before).toBeLessThanOrEqual(1);
  });

  it('keeps verifying with cached keys while the control plane is down', async () => {
    await jwks.stop();
    try {
      expect((await get(bearer(token()))).statusCode).toBe(200);
      await sleep(350);
      expect((await get(bearer(token({}, newSigningKey())))).statusCode).toBe(401);
      expect((await get(bearer(token()))).statusCode).toBe(200);
    } finally {
      await jwks.start(jwks.port);
    }
  });

  it('refuses 403 when the account is not enabled in this region', async () => {
    const res = await get(bearer(token({ account_id: OTHER_ACCOUNT })));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'Account is not enabled in this region', success: false });
  });

  it('refuses 403 when ?accountId= names another account', async () => {
    const t = token();
    expect((await get(bearer(t), `?accountId=${OTHER_ACCOUNT}`)).statusCode).toBe(403);
    expect((await get(bearer(t), `?accountId=${ACCOUNT}`)).statusCode).toBe(200);
  });

  it('applies a user revocation within a second (pub/sub), keeping later tokens valid', async () => {
    const t = token({ sub: '5001', iat: now() - 10 });
    expect((await get(bearer(t))).statusCode).toBe(200);
    await publisher.revokeUserTokens(5001, now());
    const ms = await eventually(async () => (await get(bearer(t))).statusCode === 401, 1000);
    expect(ms).toBeLessThan(1000);
    expect((await get(bearer(token({ sub: '5001', iat: now() })))).statusCode).toBe(200);
  });

  it('applies session and account revocations and region changes', async () => {
    const sid = randomUUID();
    const inSession = token({ sid });
    expect((await get(bearer(inSession))).statusCode).toBe(200);
    await publisher.revokeSession(sid, Date.now() + 60_000);
    await eventually(async () => (await get(bearer(inSession))).statusCode === 401, 1000);

    const t = token({ iat: now() - 5 });
    expect((await get(bearer(t))).statusCode).toBe(200);
    await publisher.setRegionAccount(REGION, ACCOUNT, false);
    await eventually(async () => (await get(bearer(t))).statusCode === 403, 1000);
    await publisher.setRegionAccount(REGION, ACCOUNT, true);
    await eventually(async () => (await get(bearer(t))).statusCode === 200, 1000);

    await publisher.revokeAccountTokens(ACCOUNT, now());
    await eventually(async () => (await get(bearer(t))).statusCode === 401, 1000);
    expect((await get(bearer(token({ iat: now() })))).statusCode).toBe(200);
  });

  it('picks up writes whose event was missed on the next full reload', async () => {
    const t = token({ sub: '6001', iat: now() });
    expect((await get(bearer(t))).statusCode).toBe(200);
    await redis.hset(AccessKeys.userNotBefore, '6001', String(now() + 5)); // no event published
    expect((await get(bearer(t))).statusCode).toBe(200);
    await app.get(AccessStateMirror).resync();
    expect((await get(bearer(t))).statusCode).toBe(401);
  });

  it('keeps its last known state when the store is emptied (no published marker), and still applies revocations', async () => {
    const t = token({ iat: now() });
    expect((await get(bearer(t))).statusCode).toBe(200);
    const keys = await redis.keys(`${PREFIX}*`);
    await redis.del(...keys.map((k) => k.slice(PREFIX.length))); // what a Redis restart without persistence leaves
    expect(await app.get(AccessStateMirror).resync()).toBe(false);
    expect((await get(bearer(t))).statusCode).toBe(200);
    const sid = randomUUID();
    const inSession = token({ sid });
    await publisher.revokeSession(sid, Date.now() + 60_000); // written to the empty store and announced
    await eventually(async () => (await get(bearer(inSession))).statusCode === 401, 1000);
    expect(await app.get(AccessStateMirror).resync()).toBe(false); // still no marker: the revocation stays
    expect((await get(bearer(inSession))).statusCode).toBe(401);
    expect((await get(bearer(t))).statusCode).toBe(200);

    // The control plane republishes: the complete state replaces the held one.
    await publisher.publishAll(
      { regionAccounts: new Map([[REGION, [ACCOUNT]]]), regionStatus: new Map(), userNotBefore: new Map(), accountNotBefore: new Map(), revokedSessions: new Map([[sid, Date.now() + 60_000]]), apiKeys: new Map(), revokedApiKeys: new Map() },
      new Map(),
    );
    await store.write([Write.srem(AccessKeys.regionAccounts(REGION), String(ACCOUNT))]); // no event: seen only by a reload
    expect(await app.get(AccessStateMirror).resync()).toBe(true);
    expect((await get(bearer(t))).statusCode).toBe(403);
    await publisher.setRegionAccount(REGION, ACCOUNT, true);
    await eventually(async () => (await get(bearer(t))).statusCode === 200, 1000);
  });
});

describe('TenantGuard before the access state was ever loaded', () => {
  it('answers 503 with Retry-After, not 403, while the store holds no published state', async () => {
    const prefix = `test-verify-empty-${randomBytes(4).toString('hex')}:`;
    const server = new JwksTestServer();
    const k = newSigningKey();
    server.keys = [k];
    await server.start();
    @Module({
      imports: [
        StateStoreModule.forRoot({ redisUrl: REDIS_URL, keyPrefix: prefix }),
        TokenVerifyModule.forRoot({ controlPlaneUrl: server.url, issuer: ISSUER, regionId: REGION, accessResyncMs: 60_000 }),
      ],
      controllers: [ProbeController],
    })
    class EmptyModule {}
    const app = await createHttpApp(EmptyModule, { name: 'verify-empty', bodyLimitBytes: 1024 * 1024, corsOrigins: ['*'], rawBodies: true, logLevel: 'error' });
    try {
      await app.listen(0, '127.0.0.1');
      await eventually(async () => app.get(JwksCache).isLoaded(), 5000);
      const claims = { iss: ISSUER, aud: ACCESS_AUDIENCE, sub: '1', account_id: ACCOUNT, username: 'u', sid: randomUUID(), jti: randomUUID(), iat: now(), exp: now() + 600 };
      const jwt = signJwt({ alg: 'ES256', kid: k.kid, typ: 'JWT' }, claims, k.privateKey);
      const res = await fetch(`${await app.getUrl()}/stations/probe`, { headers: { authorization: `Bearer ${jwt}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(app.get(AccessStateMirror).isLoaded()).toBe(false);
    } finally {
      await app.close();
      await server.stop();
    }
  });
});

describe('JwksCache boot', () => {
  it('retries until the control plane serves keys, then reports loaded', async () => {
    const server = new JwksTestServer();
    await server.start();
    const port = server.port;
    await server.stop();
    const cache = new JwksCache({ url: `http://127.0.0.1:${port}/.well-known/jwks.json`, bootRetryMs: 100 });
    cache.start();
    try {
      await sleep(300);
      expect(cache.isLoaded()).toBe(false);
      const k = newSigningKey();
      server.keys = [k];
      await server.start(port);
      await eventually(async () => cache.isLoaded(), 3000);
      expect(await cache.keyFor(k.kid)).not.toBeNull();
    } finally {
      cache.stop();
      await server.stop();
    }
  });
});
