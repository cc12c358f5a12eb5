import type { QuotaBlock } from '@restgw/contracts';

export type QuotaStateName = 'ok' | 'warning' | 'exceeded_messages' | 'exceeded_bytes';

export interface QuotaSettings {
  monthlyMessagesQuota: bigint | null;
  monthlyBytesQuota: bigint | null;
  quotaWarningPercent: number;
}

export interface MonthUsage {
  messages: bigint;
  bytes: bigint;
}

/** First instant of the calendar month (UTC) holding `at`. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** First instant of the next calendar month (UTC): when a used-up quota starts over. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/**
 * A quota is used up once what was produced this month reached it (the
 * next message would exceed it); `warning` from `quotaWarningPercent` of it.
 * Messages are looked at before bytes.
 */
export function quotaState(q: QuotaSettings, used: MonthUsage): QuotaStateName {
  if (q.monthlyMessagesQuota !== null && used.messages >= q.monthlyMessagesQuota) return 'exceeded_messages';
  if (q.monthlyBytesQuota !== null && used.bytes >= q.monthlyBytesQuota) return 'exceeded_bytes';
  const warn = BigInt(q.quotaWarningPercent);
  if (q.monthlyMessagesQuota !== null && used.messages * 100n >= q.monthlyMessagesQuota * warn) return 'warning';
  if (q.monthlyBytesQuota !== null && used.bytes * 100n >= q.monthlyBytesQuota * warn) return 'warning';
  return 'ok';
}

/** What gateways enforce for a state: produce refused until the month ends, or nothing. */
export function quotaBlock(state: QuotaStateName, q: QuotaSettings, month: Date): QuotaBlock | null {
  const resetsAt = nextMonthStart(month).toISOString();
  if (state === 'exceeded_messages' && q.monthlyMessagesQuota !== null) return { quota: 'monthly_messages', limit: Number(q.monthlyMessagesQuota), resetsAt };
  if (state === 'exceeded_bytes' && q.monthlyBytesQuota !== null) return { quota: 'monthly_bytes', limit: Number(q.monthlyBytesQuota), resetsAt };
  return null;
}

/** Percent used, one decimal (null without a quota). */
export function percentUsed(used: bigint, quota: bigint | null): number | null {
  if (quota === null || quota === 0n) return null;
  return Number((used * 1000n) / quota) / 10;
}
