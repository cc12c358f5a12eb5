import { monthStart, nextMonthStart, percentUsed, quotaBlock, quotaState } from './quota';

describe('monthly quotas', () => {
  it('months are calendar months in UTC', () => {
    expect(monthStart(new Date('2026-11-30T23:59:59Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2026-12-15T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('ok, warning from the threshold, exceeded once reached (messages before bytes)', () => {
    const q = { monthlyMessagesQuota: 100n, monthlyBytesQuota: 1000n, quotaWarningPercent: 80 };
    expect(quotaState(q, { messages: 79n, bytes: 0n })).toBe('ok');
    expect(quotaState(q, { messages: 80n, bytes: 0n })).toBe('warning');
    expect(quotaState(q, { messages: 0n, bytes: 800n })).toBe('warning');
    expect(quotaState(q, { messages: 100n, bytes: 1000n })).toBe('exceeded_messages');
    expect(quotaState(q, { messages: 5n, bytes: 1000n })).toBe('exceeded_bytes');
    expect(quotaState({ monthlyMessagesQuota: null, monthlyBytesQuota: null, quotaWarningPercent: 80 }, { messages: 10n ** 12n, bytes: 1n })).toBe('ok');
  });

  it('a used-up quota blocks produce until the next month', () => {
    const q = { monthlyMessagesQuota: 100n, monthlyBytesQuota: null, quotaWarningPercent: 80 };
    const month = new Date('2026-11-01T00:00:00Z');
    expect(quotaBlock('exceeded_messages', q, month)).toEqual({ quota: 'monthly_messages', limit: 100, resetsAt: '2026-12-01T00:00:00.000Z' });
    expect(quotaBlock('warning', q, month)).toBeNull();
    expect(percentUsed(1n, 3n)).toBe(33.3);
    expect(percentUsed(1n, null)).toBeNull();
  });
});
