import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LimitKeys, UsageReportJob, UsageRow } from '@restgw/contracts';
import { createPrismaClient, PrismaClient } from '@restgw/db';
import { RedisStateStore } from '@restgw/state';
import { createTestDatabase, serviceUrls, TestDatabase } from '@restgw/testing';
import { LimitsAdmin } from '../src/limits-admin.service';
import { LimitsPublisher } from '../src/limits.publisher';
import { QuotaTracker } from '../src/quota-tracker';
import { UsageIntake } from '../src/usage-intake.service';
import { UsageQuery } from '../src/usage-query.service';

const row = (over: Partial<UsageRow>): UsageRow => ({
  accountId: 0,
  station: 'orders',
  minute: Date.parse('2026-11-24T10:15:00Z'),
  producedMessages: 0,
  producedBytes: 0,
  consumedMessages: 0,
  consumedBytes: 0,
  requests2xx: 0,
  requests4xx: 0,
  requests429: 0,
  requests5xx: 0,
  ...over,
});

/** Usage intake, roll-ups, queries, quotas and limits publication on a real PostgreSQL and Redis. */
describe('usage and limits (control plane)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let redis: Redis;
  let store: RedisStateStore;
  let intake: UsageIntake;
  let query: UsageQuery;
  let limits: LimitsAdmin;
  let accountId: number;
  const prefix = `usage-it-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url, 2);
    redis = new Redis(serviceUrls.redis, { keyPrefix: prefix }); // an independent observer of what was published
    store = new RedisStateStore({ url: serviceUrls.redis, keyPrefix: prefix });
    const quotas = new QuotaTracker(prisma);
    intake = new UsageIntake(prisma);
    query = new UsageQuery(prisma, quotas);
    limits = new LimitsAdmin(prisma, new LimitsPublisher(store), quotas);
    accountId = (await prisma.account.create({ data: { name: 'acme' } })).id;
    await prisma.region.createMany({ data: [{ id: 'aws-r1', url: 'http://r1' }, { id: 'aws-r2', url: 'http://r2' }] });
    await prisma.accountRegion.create({ data: { accountId, regionId: 'aws-r1' } });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
    redis.disconnect();
    await store?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('adds a report once, as minute rows rolled up per hour and day, per region and station', async () => {
    const t = Date.parse('2026-11-24T10:15:00Z');
    const report: UsageReportJob = {
      id: 'gw-a-1',
      regionId: 'aws-r1',
      rows: [
        row({ accountId, minute: t, producedMessages: 3, producedBytes: 30, requests2xx: 3 }),
        row({ accountId, minute: t + 60_000, producedMessages: 2, producedBytes: 20, requests429: 1 }),
        row({ accountId, station: 'audit', minute: t, consumedMessages: 4, consumedBytes: 40, requests4xx: 1, requests5xx: 2 }),
      ],
    };
    expect((await intake.record(report)).added).toBe(true);
    expect((await intake.record(report)).added).toBe(false); // a redelivered report changes nothing
    await intake.record({ id: 'gw-b-1', regionId: 'aws-r2', rows: [row({ accountId, minute: t + 3_600_000, producedMessages: 1, producedBytes: 10 })] });

    const minutes = await query.usage({ accountId, granularity: 'minute', from: '2026-11-24T10:00:00Z', to: '2026-11-24T12:00:00Z' });
    expect(minutes.rows.map((r) => [r.time, r.region_id, r.station, r.produced_messages, r.consumed_messages])).toEqual([
      ['2026-11-24T10:15:00.000Z', 'aws-r1', 'audit', 0, 4],
      ['2026-11-24T10:15:00.000Z', 'aws-r1', 'orders', 3, 0],
      ['2026-11-24T10:16:00.000Z', 'aws-r1', 'orders', 2, 0],
      ['2026-11-24T11:15:00.000Z', 'aws-r2', 'orders', 1, 0],
    ]);
    expect(minutes.totals).toEqual({ produced_messages: 6, produced_bytes: 60, consumed_messages: 4, consumed_bytes: 40, requests_2xx: 3, requests_4xx: 1, requests_429: 1, requests_5xx: 2 });
    expect(minutes.stations.orders.produced_messages).toBe(6);
    expect(minutes.regions['aws-r2'].produced_messages).toBe(1);

    const hours = await query.usage({ accountId, granularity: 'hour', from: '2026-11-24T10:59:00Z', to: '2026-11-25T00:00:00Z', station: 'orders' });
    expect(hours.from).toBe('2026-11-24T10:00:00.000Z'); // the bucket holding `from` is included
    expect(hours.rows.map((r) => [r.time, r.region_id, r.produced_messages, r.requests_429])).toEqual([
      ['2026-11-24T10:00:00.000Z', 'aws-r1', 5, 1],
      ['2026-11-24T11:00:00.000Z', 'aws-r2', 1, 0],
    ]);
    const days = await query.usage({ accountId, granularity: 'day', from: String(Date.parse('2026-11-01T00:00:00Z')), to: '2026-12-01T00:00:00Z', region: 'aws-r1' });
    expect(days.rows.map((r) => [r.time, r.station, r.produced_messages, r.consumed_bytes])).toEqual([
      ['2026-11-24T00:00:00.000Z', 'audit', 0, 40],
      ['2026-11-24T00:00:00.000Z', 'orders', 5, 0],
    ]);
  });

  it('refuses bad queries with 400s naming the problem', async () => {
    await expect(query.usage({ accountId, granularity: 'week' })).rejects.toThrow('granularity must be minute, hour or day');
    await expect(query.usage({ accountId, from: 'yesterday' })).rejects.toThrow('from must be an ISO 8601 time');
    await expect(query.usage({ accountId, from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' })).rejects.toThrow('from must be before to');
    await expect(query.usage({ accountId: 999_999 })).rejects.toThrow('Account 999999 not found');
  });

  it('publishes limits to the regions where the account is enabled; a quota reached blocks produce until the next month', async () => {
    const now = new Date();
    const minute = now.getTime() - (now.getTime() % 60_000);
    const resp = await limits.updateLimits(accountId, { produceMessagesPerSecond: 50, monthlyMessagesQuota: 10, quotaWarningPercent: 50 });
    expect(resp.limits.produce_messages_per_second).toBe(50);
    expect(resp.quotas).toEqual({ monthly_messages: 10, monthly_bytes: null, warning_percent: 50 });
    await limits.setStationLimits(accountId, 'Orders', { requestsPerSecond: 7 });
    const published = async (region: string) => {
      const raw = await redis.hget(LimitKeys.views(region), String(accountId));
      return raw ? JSON.parse(raw) : null;
    };
    const v1 = await published('aws-r1');
    expect(v1).toMatchObject({ accountId, account: { produceMessagesPerSecond: 50 }, stations: { orders: { requestsPerSecond: 7 } }, quotaExceeded: null });
    expect(await published('aws-r2')).toBeNull(); // not enabled there

    const produce = (id: string, n: number) => intake.record({ id, regionId: 'aws-r1', rows: [row({ accountId, minute, producedMessages: n, producedBytes: n })] });
    await produce('q-1', 5);
    await limits.refreshQuotas([accountId]);
    expect((await limits.getLimits(accountId)).quota_status).toMatchObject({ state: 'warning', monthly_messages: { quota: 10, used: 5, percent: 50 } });
    expect(await limits.quotaWatchList()).toEqual([expect.objectContaining({ account_id: accountId, state: 'warning' })]);
    expect((await published('aws-r1')).quotaExceeded).toBeNull();

    await produce('q-2', 5);
    await limits.refreshQuotas([accountId]);
    const blocked = await published('aws-r1');
    expect(blocked.quotaExceeded).toEqual({ quota: 'monthly_messages', limit: 10, resetsAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString() });
    expect(blocked.version).toBeGreaterThan(v1.version);

    // Raising the quota lifts the block at once.
    await limits.updateLimits(accountId, { monthlyMessagesQuota: 100 });
    expect((await published('aws-r1')).quotaExceeded).toBeNull();
    expect((await limits.getLimits(accountId)).quota_status?.state).toBe('ok');

    // The periodic rewrite drops accounts no longer enabled in a region, and marks each region's views complete.
    expect(await limits.unpublishedRegions()).toEqual(['aws-r1', 'aws-r2']);
    await prisma.accountRegion.deleteMany({ where: { accountId } });
    await limits.republishAll();
    expect(await published('aws-r1')).toBeNull();
    expect(await limits.unpublishedRegions()).toEqual([]);
  });

  it('refuses bad limits with 400s naming the field', async () => {
    await expect(limits.updateLimits(accountId, { produceMessagesPerSecond: 0 })).rejects.toThrow('produce_messages_per_second must be an integer from 1');
    await expect(limits.updateLimits(accountId, { monthlyBytesQuota: -5 })).rejects.toThrow('monthly_bytes_quota must be a positive integer');
    await expect(limits.updateLimits(accountId, { quotaWarningPercent: 101 })).rejects.toThrow('quota_warning_percent must be an integer from 1 to 100');
    await expect(limits.setStationLimits(accountId, 'bad name!', {})).rejects.toThrow('Invalid station name');
    await expect(limits.clearStationLimits(accountId, 'nothing-here')).rejects.toThrow('has no limits of its own');
    await expect(limits.getLimits(999_999)).rejects.toThrow('Account 999999 not found');
  });

  it('prunes minute and hour rows past their retention, keeps day rows', async () => {
    await intake.prune({ minuteDays: 1, hourDays: 1, reportDays: 1 }, Date.parse('2026-11-30T00:00:00Z'));
    expect(await prisma.usageMinute.count({ where: { accountId, minute: { lt: new Date('2026-11-29T00:00:00Z') } } })).toBe(0);
    expect(await prisma.usageHour.count({ where: { accountId, hour: { lt: new Date('2026-11-29T00:00:00Z') } } })).toBe(0);
    expect(await prisma.usageDay.count({ where: { accountId, day: new Date('2026-11-24T00:00:00Z') } })).toBe(3); // r1 audit, r1 orders, r2 orders
  });
});
