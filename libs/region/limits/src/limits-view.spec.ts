import { LimitsView } from '@restgw/contracts';
import { activeQuotaBlock, effectiveLimit, parseLimitsEvent, parseLimitsView, viewsFromHash } from './limits-view';

const view = (over: Partial<LimitsView> = {}): LimitsView => ({
  accountId: 7,
  version: 3,
  account: { produceMessagesPerSecond: 100 },
  stations: { orders: { produceMessagesPerSecond: 10, requestsPerSecond: null } },
  quotaExceeded: null,
  ...over,
});

describe('effectiveLimit', () => {
  it('takes the station override (own budget), else the account (account budget), else the default, else none', () => {
    expect(effectiveLimit(view(), {}, 7, 'orders', 'produceMessagesPerSecond')).toEqual({ dimension: 'produceMessagesPerSecond', value: 10, key: '7/orders', scope: 'station' });
    expect(effectiveLimit(view(), {}, 7, 'other', 'produceMessagesPerSecond')).toEqual({ dimension: 'produceMessagesPerSecond', value: 100, key: '7', scope: 'account' });
    expect(effectiveLimit(view(), { requestsPerSecond: 5 }, 7, 'orders', 'requestsPerSecond')).toMatchObject({ value: 5, key: '7', scope: 'account' });
    expect(effectiveLimit(undefined, { requestsPerSecond: 5 }, 9, 'x', 'requestsPerSecond')).toMatchObject({ value: 5, key: '9' });
    expect(effectiveLimit(view(), {}, 7, 'orders', 'consumeMessagesPerSecond')).toBeNull();
    expect(effectiveLimit(undefined, {}, 7, 'orders', 'produceBytesPerSecond')).toBeNull();
  });
});

describe('activeQuotaBlock', () => {
  const block = { quota: 'monthly_messages' as const, limit: 5, resetsAt: '2026-12-01T00:00:00.000Z' };
  it('applies until the month it was set for ends', () => {
    expect(activeQuotaBlock(view({ quotaExceeded: block }), Date.parse('2026-11-30T23:59:59Z'))).toEqual(block);
    expect(activeQuotaBlock(view({ quotaExceeded: block }), Date.parse('2026-12-01T00:00:00Z'))).toBeNull();
    expect(activeQuotaBlock(view(), Date.now())).toBeNull();
    expect(activeQuotaBlock(undefined, Date.now())).toBeNull();
  });
});

describe('parsing what the state store holds', () => {
  it('accepts well-formed views and events, refuses anything else', () => {
    expect(parseLimitsView(view())).toEqual(view());
    expect(parseLimitsView({ ...view(), account: { produceMessagesPerSecond: -1 } })).toBeNull();
    expect(parseLimitsView({ ...view(), account: { produceMessagesPerSecond: 1.5 } })).toBeNull();
    expect(parseLimitsView({ ...view(), stations: { x: { requestsPerSecond: '3' } } })).toBeNull();
    expect(parseLimitsView({ ...view(), version: undefined })).toBeNull();
    expect(parseLimitsView({ ...view(), quotaExceeded: { quota: 'monthly_bytes', limit: 3, resetsAt: 'soon' } })).toBeNull();
    expect(parseLimitsEvent(JSON.stringify({ kind: 'limits', view: view() }))).toEqual({ kind: 'limits', view: view() });
    expect(parseLimitsEvent('{"kind":"republished"}')).toEqual({ kind: 'republished' });
    expect(parseLimitsEvent('{"kind":"other"}')).toBeNull();
    expect(parseLimitsEvent('not json')).toBeNull();
    const { views, malformed } = viewsFromHash({ '7': JSON.stringify(view()), '8': '{' });
    expect([...views.keys()]).toEqual([7]);
    expect(malformed).toBe(1);
  });
});
