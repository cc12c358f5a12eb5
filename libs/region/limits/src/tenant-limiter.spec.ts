import { LimitsView } from '@restgw/contracts';
import { RateLimiterStore } from '@restgw/state';
import { MemoryConcurrencySlots } from './concurrency-slots';
import { storeRateBudgets } from './rate-budgets';
import { TenantLimiter } from './tenant-limiter';

const views = new Map<number, LimitsView>();
const limiter = (defaults = {}) =>
  new TenantLimiter({
    source: { lookup: (id) => views.get(id) },
    defaults,
    budgets: storeRateBudgets(new RateLimiterStore({ redisUrl: 'unused', keyPrefix: '', kind: 'memory' })),
    slots: new MemoryConcurrencySlots(),
    slotTtlMs: 60_000,
  });
const set = (accountId: number, over: Partial<LimitsView>) =>
  views.set(accountId, { accountId, version: 1, account: {}, stations: {}, quotaExceeded: null, ...over });

describe('TenantLimiter (in-process budgets)', () => {
  beforeEach(() => views.clear());

  it('an account without limits costs no budget call (admitted synchronously)', () => {
    expect(limiter().admitProduce(1, 's', 100, 1000)).toBeNull();
    set(1, {});
    expect(limiter().admitProduce(1, 's', 100, 1000)).toBeNull();
  });

  it('refuses the message past N in a second, naming the limit, with the seconds until the budget refills', async () => {
    set(1, { account: { produceMessagesPerSecond: 5 } });
    const l = limiter();
    const outcomes = [];
    for (let i = 0; i < 7; i++) outcomes.push(await l.admitProduce(1, 's', 1, 10));
    expect(outcomes.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(outcomes[5]).toMatchObject({ limit: 'produce_messages_per_second', value: 5, resetSeconds: 1, neverFits: false });
    expect(outcomes[5]?.message).toMatch(/produce_messages_per_second.*5 messages per second for this account/);
    // Another account on the same gateway is not affected.
    expect(await l.admitProduce(2, 's', 1, 10)).toBeNull();
  });

  it('a batch counts by its messages and bytes; one larger than the limit itself never fits (413)', async () => {
    set(1, { account: { produceMessagesPerSecond: 100, produceBytesPerSecond: 1000 } });
    const l = limiter();
    expect(await l.admitProduce(1, 's', 60, 500)).toBeNull();
    expect(await l.admitProduce(1, 's', 30, 600)).toMatchObject({ limit: 'produce_bytes_per_second', value: 1000 });
    expect(await l.admitProduce(1, 's', 101, 10)).toMatchObject({ limit: 'produce_messages_per_second', neverFits: true });
  });

  it('a station override has its own budget; other stations share the account budget; defaults apply to accounts without a value', async () => {
    set(1, { account: { requestsPerSecond: 2 }, stations: { hot: { requestsPerSecond: 1 } } });
    const l = limiter({ requestsPerSecond: 3 });
    expect(await l.admitRequest(1, 'hot')).toBeNull();
    expect(await l.admitRequest(1, 'hot')).toMatchObject({ limit: 'requests_per_second', value: 1, message: expect.stringContaining('station hot') });
    expect(await l.admitRequest(1, 'a')).toBeNull();
    expect(await l.admitRequest(1, 'b')).toBeNull();
    expect(await l.admitRequest(1, 'c')).toMatchObject({ value: 2 });
    for (let i = 0; i < 3; i++) expect(await l.admitRequest(9, 'x')).toBeNull();
    expect(await l.admitRequest(9, 'x')).toMatchObject({ value: 3 });
  });

  it('a used-up monthly quota refuses produce until the month ends', async () => {
    const resetsAt = new Date(Date.now() + 3_600_000).toISOString();
    set(1, { quotaExceeded: { quota: 'monthly_messages', limit: 20, resetsAt } });
    const refused = await limiter().admitProduce(1, 's', 1, 1);
    expect(refused).toMatchObject({ limit: 'monthly_messages_quota', value: 20, neverFits: false });
    expect(refused!.resetSeconds).toBeGreaterThan(3590);
    expect(refused!.resetSeconds).toBeLessThanOrEqual(3600);
  });

  it('consume: batches are cut to the limit, delivered messages are counted, a used-up second refuses; waiting holds no budget', async () => {
    set(1, { account: { consumeMessagesPerSecond: 10 } });
    const l = limiter();
    const waiting = await l.admitConsume(1, 's', 50, true);
    expect(waiting).toMatchObject({ rejection: null, maxRecords: 10 });
    const first = await l.admitConsume(1, 's', 8, true);
    expect(first).toMatchObject({ rejection: null, maxRecords: 8 });
    if (!first.rejection) first.done(8);
    const second = await l.admitConsume(1, 's', 8, false);
    expect(second).toMatchObject({ rejection: null, maxRecords: 8 });
    if (!second.rejection) second.done(3); // 11 delivered in the second: counted, the budget is used up
    if (!waiting.rejection) waiting.done(0);
    await new Promise((r) => setImmediate(r));
    expect((await l.admitConsume(1, 's', 8, true)).rejection).toMatchObject({ limit: 'consume_messages_per_second', value: 10 });
  });

  it('concurrent consumes: a slot per request where it enters, freed by release()', async () => {
    set(1, { account: { concurrentConsumes: 2 } });
    const l = limiter();
    const a = await l.admitConsume(1, 's', 10, true);
    const b = await l.admitConsume(1, 's', 10, true);
    expect([a.rejection, b.rejection]).toEqual([null, null]);
    expect((await l.admitConsume(1, 's', 10, true)).rejection).toMatchObject({ limit: 'concurrent_consumes', value: 2 });
    // A forwarded request holds no slot of its own (the entry replica's covers it).
    expect((await l.admitConsume(1, 's', 10, false)).rejection).toBeNull();
    if (!a.rejection) a.done(0);
    await new Promise((r) => setImmediate(r));
    expect((await l.admitConsume(1, 's', 10, true)).rejection).toBeNull();
  });
});
