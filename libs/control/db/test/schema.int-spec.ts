import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPrismaClient, migrateDatabase, Prisma, PrismaClient } from '../src';
import { MIGRATIONS_DIR } from '@restgw/platform';
import { createTestDatabase, TestDatabase } from '@restgw/testing';

/**
 * Proves the hand-written SQL migrations give the Prisma client what it
 * expects: every model is written with every field and read back.
 */
describe('migrated schema serves every Prisma model', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const exercised = new Set<string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url, 2);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('records migrations the way prisma migrate does, and is idempotent', async () => {
    const again = await migrateDatabase(db.url, MIGRATIONS_DIR);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const { rows } = await pg.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"');
    await pg.end();
    expect(rows.length).toBe(again.alreadyApplied.length);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it('round-trips every model with all fields', async () => {
    const region = await prisma.region.create({ data: { id: 'aws-eu-central-1', url: 'https://eu.example', status: 'draining' } });
    exercised.add('Region');
    expect(region.status).toBe('draining');

    const account = await prisma.account.create({
      data: { name: 'acme', status: 'suspended', maxTokenMinutes: 60, maxRefreshMinutes: 120, tokensValidFrom: 1234 },
    });
    exercised.add('Account');
    expect(account.id).toBeGreaterThan(0);

    await prisma.accountRegion.create({ data: { accountId: account.id, regionId: region.id } });
    exercised.add('AccountRegion');

    const user = await prisma.appUser.create({
      data: { accountId: account.id, username: 'alice', passwordHash: 'h', disabled: true, tokensValidFrom: 99 },
    });
    exercised.add('AppUser');
    await expect(prisma.appUser.create({ data: { accountId: account.id, username: 'alice', passwordHash: 'x' } })).rejects.toThrow();

    const session = await prisma.loginSession.create({
      data: { id: randomUUID(), accountId: account.id, userId: user.id, expiresAt: new Date(Date.now() + 1000), revokedAt: new Date(), revokedReason: 'test' },
    });
    exercised.add('LoginSession');

    const token = await prisma.refreshToken.create({
      data: { id: randomUUID(), sessionId: session.id, accountId: account.id, tokenHash: 'abc', expiresAt: new Date(), usedAt: new Date() },
    });
    exercised.add('RefreshToken');
    expect(token.usedAt).toBeInstanceOf(Date);

    const key = await prisma.signingKey.create({
      data: { kid: 'k1', alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256' }, privateKeyEnc: 'enc', retiredAt: new Date() },
    });
    exercised.add('SigningKey');
    expect(key.publicJwk).toEqual({ kty: 'EC', crv: 'P-256' });

    const operator = await prisma.operator.create({ data: { email: 'ops@example.com', passwordHash: 'h', disabled: true } });
    exercised.add('Operator');

    const consoleSession = { id: 'a'.repeat(64), operatorId: operator.id, lastSeenAt: new Date('2026-12-02T10:00:00Z'), expiresAt: new Date('2026-12-02T22:00:00Z') };
    expect(await prisma.operatorSession.create({ data: consoleSession })).toMatchObject(consoleSession);
    exercised.add('OperatorSession');
    // Sessions end with their operator.
    await prisma.operator.delete({ where: { id: operator.id } });
    expect(await prisma.operatorSession.findUnique({ where: { id: consoleSession.id } })).toBeNull();

    const apiKey = {
      kind: 'customer' as const, prefix: 'rgw_ck_abcdefgh', keyHash: 'f'.repeat(64), name: 'ingest', scopes: ['produce'], accountId: account.id,
      stations: ['orders-*'], expiresAt: new Date('2027-01-01T00:00:00Z'), createdBy: 'ops@example.com', lastUsedAt: new Date(), revokedAt: new Date(),
    };
    expect(await prisma.apiKey.create({ data: { id: randomUUID(), ...apiKey } })).toMatchObject(apiKey);
    exercised.add('ApiKey');
    // The hash is unique, and a customer key needs an account (an operator key none).
    await expect(prisma.apiKey.create({ data: { id: randomUUID(), ...apiKey } })).rejects.toThrow();
    await expect(prisma.apiKey.create({ data: { id: randomUUID(), ...apiKey, keyHash: 'e'.repeat(64), accountId: null } })).rejects.toThrow();

    const policy = await prisma.account.update({ where: { id: account.id }, data: { autoCreateStations: false, stationQuota: 7 } });
    expect([policy.autoCreateStations, policy.stationQuota]).toEqual([false, 7]);
    const fresh = await prisma.account.create({ data: { name: 'defaults' } });
    expect([fresh.autoCreateStations, fresh.stationQuota]).toEqual([true, 100]);

    const schema = await prisma.schema.create({ data: { id: randomUUID(), accountId: account.id, name: 'orders', type: 'protobuf' } });
    exercised.add('Schema');
    await expect(prisma.schema.create({ data: { id: randomUUID(), accountId: account.id, name: 'orders', type: 'json' } })).rejects.toThrow();
    const sv = await prisma.schemaVersion.create({
      data: { id: randomUUID(), schemaId: schema.id, version: 1, definition: 'syntax = "proto3";', messageType: 'a.B' },
    });
    exercised.add('SchemaVersion');
    expect(sv.messageType).toBe('a.B');
    await expect(prisma.schemaVersion.create({ data: { id: randomUUID(), schemaId: schema.id, version: 1, definition: 'x' } })).rejects.toThrow();

    const station = await prisma.station.create({
      data: {
        id: randomUUID(),
        accountId: account.id,
        regionId: region.id,
        name: 'orders',
        partitions: 3,
        retentionMs: 9_007_199_254_740_993n,
        retentionBytes: 1024n,
        maxMessageBytes: 2048,
        schemaId: schema.id,
        status: 'failed',
        version: 4,
        lastError: 'boom',
      },
    });
    exercised.add('Station');
    expect(station.retentionMs).toBe(9_007_199_254_740_993n);
    expect(station.updatedAt).toBeInstanceOf(Date);
    const defaults = await prisma.station.create({ data: { id: randomUUID(), accountId: fresh.id, regionId: region.id, name: 'orders' } });
    expect(defaults).toMatchObject({ partitions: 1, retentionMs: null, retentionBytes: null, maxMessageBytes: 1048576, schemaId: null, status: 'provisioning', version: 1, lastError: null });
    await expect(prisma.station.create({ data: { id: randomUUID(), accountId: account.id, regionId: region.id, name: 'orders' } })).rejects.toThrow();
    // Deleting a schema detaches it from its stations.
    await prisma.schema.delete({ where: { id: schema.id } });
    expect((await prisma.station.findUniqueOrThrow({ where: { id: station.id } })).schemaId).toBeNull();
    expect(await prisma.schemaVersion.count()).toBe(0);

    const entry = await prisma.auditEntry.create({
      data: { actorType: 'operator', actorId: '7', actor: 'ops@example.com', action: 'account.suspend', target: `account/${account.id}`, accountId: account.id, summary: { a: 1 }, source: 'api' },
    });
    exercised.add('AuditEntry');
    expect(entry).toMatchObject({ actorId: '7', accountId: account.id, summary: { a: 1 }, source: 'api' });
    expect(typeof entry.id).toBe('bigint');
    expect(entry.at).toBeInstanceOf(Date);
    const limits = await prisma.accountLimits.create({
      data: {
        accountId: account.id,
        produceMessagesPerSecond: 100,
        produceBytesPerSecond: 1_000_000,
        consumeMessagesPerSecond: 200,
        requestsPerSecond: 50,
        concurrentConsumes: 4,
        monthlyMessagesQuota: 9_007_199_254_740_993n,
        monthlyBytesQuota: 10n ** 12n,
        quotaWarningPercent: 90,
        quotaState: 'exceeded_bytes',
        quotaMonth: new Date('2026-11-01T00:00:00Z'),
        version: 3,
      },
    });
    exercised.add('AccountLimits');
    expect(limits.monthlyMessagesQuota).toBe(9_007_199_254_740_993n);
    expect(limits.quotaMonth?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(await prisma.accountLimits.create({ data: { accountId: fresh.id } })).toMatchObject({ produceMessagesPerSecond: null, monthlyBytesQuota: null, quotaWarningPercent: 80, quotaState: 'ok', version: 1 });
    await prisma.stationLimits.create({
      data: { accountId: account.id, station: 'orders', produceMessagesPerSecond: 5, produceBytesPerSecond: 6, consumeMessagesPerSecond: 7, requestsPerSecond: 8, concurrentConsumes: 9 },
    });
    exercised.add('StationLimits');
    await expect(prisma.stationLimits.create({ data: { accountId: account.id, station: 'orders' } })).rejects.toThrow();

    const counters = { producedMessages: 1n, producedBytes: 2n, consumedMessages: 3n, consumedBytes: 4n, requests2xx: 5n, requests4xx: 6n, requests429: 7n, requests5xx: 8n };
    const at = new Date('2026-11-24T10:31:00Z');
    const row = { accountId: account.id, regionId: region.id, station: 'orders', ...counters };
    expect(await prisma.usageMinute.create({ data: { ...row, minute: at } })).toMatchObject({ ...counters, minute: at });
    exercised.add('UsageMinute');
    expect(await prisma.usageHour.create({ data: { ...row, hour: at } })).toMatchObject({ requests429: 7n });
    exercised.add('UsageHour');
    expect(await prisma.usageDay.create({ data: { ...row, day: at, station: '' } })).toMatchObject({ station: '', requests5xx: 8n });
    exercised.add('UsageDay');
    await expect(prisma.usageMinute.create({ data: { ...row, minute: at } })).rejects.toThrow();
    expect((await prisma.usageReport.create({ data: { id: 'gw-1-1', regionId: region.id } })).receivedAt).toBeInstanceOf(Date);
    exercised.add('UsageReport');

    const loaded = await prisma.account.findUniqueOrThrow({
      where: { id: account.id },
      include: { regions: true, users: { include: { sessions: { include: { refreshTokens: true } } } } },
    });
    expect(loaded.regions).toHaveLength(1);
    expect(loaded.users[0].sessions[0].refreshTokens[0].tokenHash).toBe('abc');

    // Cascades declared in the schema exist in the database.
    await prisma.account.delete({ where: { id: account.id } });
    expect(await prisma.refreshToken.count()).toBe(0);
    expect(await prisma.station.count({ where: { accountId: account.id } })).toBe(0);
    expect(await prisma.accountLimits.count({ where: { accountId: account.id } })).toBe(0);
    expect(await prisma.stationLimits.count()).toBe(0);
    expect(await prisma.apiKey.count()).toBe(0);
    // Usage outlives its account (no foreign key): the record stays.
    expect(await prisma.usageMinute.count({ where: { accountId: account.id } })).toBe(1);
  });

  it('covered every model the client knows', () => {
    expect([...exercised].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });
});
