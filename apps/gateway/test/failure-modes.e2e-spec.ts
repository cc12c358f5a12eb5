import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { SigningKeys } from '@restgw/accounts';
import { ACCESS_AUDIENCE } from '@restgw/contracts';
import { DEV_SIGNING_KEY_SECRET } from '@restgw/accounts';
import { createPrismaClient } from '@restgw/db';
import { REPO_ROOT } from '@restgw/platform';
import { freePort, requestJson, serviceUrls, Stack, Tenant } from '@restgw/testing';
import { GatewayClient, eventually } from './gateway-client';

const exec = promisify(execFile);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('gateway failure modes and forged tokens (real processes, real Kafka)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let gw: GatewayClient;

  beforeAll(async () => {
    stack = await Stack.start();
    tenant = await stack.createTenant();
    gw = new GatewayClient(stack.gatewayUrl, (await stack.login(tenant)).jwt);
  });
  afterAll(() => stack?.stop());

  it('after a 200, an independent plain kafkajs consumer reads the record from the derived topic', async () => {
    const station = `durable-${randomBytes(3).toString('hex')}`;
    const body = `durable ${randomBytes(8).toString('hex')}`;
    expect((await gw.produce(station, body, { 'content-type': 'text/plain', 'X-Origin': 'e2e' })).status).toBe(200);

    const kafka = new Kafka({ brokers: serviceUrls.kafkaBrokers, clientId: 'e2e-independent-reader', logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `e2e-reader-${randomBytes(4).toString('hex')}` });
    const seen: { value: string; origin?: string }[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: `acct-${tenant.accountId}.${station}`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({ value: message.value!.toString(), origin: message.headers?.['X-Origin']?.toString() });
        },
      });
      await eventually(async () => seen.length > 0, 20_000);
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toEqual([{ value: body, origin: 'e2e' }]);
  });

  describe('forged and foreign tokens answer 401 on every station route', () => {
    const routes = ['produce/single', 'produce/batch', 'consume/batch'];
    const tokens: Record<string, () => Promise<string>> = {};

    beforeAll(async () => {
      const real = gw.token;
      const [h, p, s] = real.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      // Minted with the deployment's real signing key, so only the named defect fails them.
      const prisma = createPrismaClient(stack.db.url, 1);
      const { kid, privateKey } = await new SigningKeys(prisma, DEV_SIGNING_KEY_SECRET).activeKey();
      await prisma.$disconnect();
      const sign = (over: Record<string, unknown>, aud = ACCESS_AUDIENCE) =>
        new SignJWT({ ...claims, ...over, aud }).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
      const now = Math.floor(Date.now() / 1000);

      tokens.expired = () => sign({ iat: now - 120, exp: now - 60 });
      tokens['wrong audience'] = () => sign({}, 'restgw-admin');
      tokens['wrong issuer'] = () => sign({ iss: 'someone-else' });
      tokens.tampered = async () => `${h}.${b64({ ...claims, account_id: claims.account_id + 1 })}.${s}`;
      tokens['alg none'] = async () => `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
      tokens['unknown kid'] = async () => `${b64({ alg: 'ES256', kid: 'nope' })}.${p}.${s}`;
      tokens['operator token'] = async () => stack.operatorToken;
      tokens['valid (control)'] = async () => sign({});
    });

    it.each(routes)('%s', async (route) => {
      for (const [name, make] of Object.entries(tokens)) {
        const res = await requestJson(`${stack.gatewayUrl}/stations/forged/${route}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await make()}`, 'content-type': 'application/json' },
          body: route === 'consume/batch' ? JSON.stringify({ consumer_name: 'c', batch_max_wait_time_ms: 100 }) : '[]',
        });
        const expected = name === 'valid (control)' ? 200 : 401;
        expect({ name, status: res.status }).toEqual({ name, status: expected });
        if (expected === 401) expect(res.body).toEqual({ message: 'Unauthorized' });
      }
    });
  });

  it('serves station names of 128 characters and refuses 129 with 400', async () => {
    const ok = `s${'x'.repeat(126)}z`;
    expect(ok).toHaveLength(128);
    expect((await gw.produce(ok, 'x')).status).toBe(200);
    const tooLong = await gw.produce(`${ok}z`, 'x');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.success).toBe(false);
  });

  it('answers 503 with Retry-After, and is not ready, when its Kafka cluster is down', async () => {
    // A broker of its own (same recipe), so stopping it disturbs no other test.
    const port = await freePort();
    const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(await freePort()), KAFKA_DATA_DIR: `/tmp/restgw-e2e-kafka-${port}` };
    const script = `${REPO_ROOT}/infra/kafka/kafka.sh`;
    await exec('bash', [script, 'start'], { env });
    const own = await Stack.start({ gatewayEnv: { KAFKA_BROKERS: `127.0.0.1:${port}` } });
    try {
      const t = await own.createTenant();
      const client = new GatewayClient(own.gatewayUrl, (await own.login(t)).jwt);
      expect((await client.produce('before', 'x')).status).toBe(200);

      await exec('bash', [script, 'stop'], { env });
      const res = await client.produce('before', 'y');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: expect.stringMatching(/retry/i), success: false });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await requestJson(`${own.gatewayUrl}/readyz`)).status).toBe(503);
      // Liveness is not readiness: the process itself is fine.
      expect((await requestJson(`${own.gatewayUrl}/healthz`)).status).toBe(200);
    } finally {
      await own.stop();
      await exec('bash', [script, 'reset'], { env });
    }
  }, 120_000);
});
