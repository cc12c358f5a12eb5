import { Logger } from '@nestjs/common';
import type { PrismaClient } from '@restgw/db';
import { monthStart, percentUsed, quotaBlock, QuotaSettings, quotaState, QuotaStateName } from './quota';

interface QuotaRow {
  account_id: number;
  monthly_messages_quota: bigint | null;
  monthly_bytes_quota: bigint | null;
  quota_warning_percent: number;
  quota_state: QuotaStateName;
  quota_month: Date | null;
  messages: bigint;
  bytes: bigint;
}

/** What operators see of an account's monthly quotas. */
export interface QuotaStatus {
  account_id: number;
  month: string;
  state: QuotaStateName;
  warning_percent: number;
  monthly_messages: { quota: number; used: number; percent: number | null } | null;
  monthly_bytes: { quota: number; used: number; percent: number | null } | null;
}

// Month-to-date production from the day rows (all regions and stations); accounts without a row in account_limits have no quota.
const MONTH_USAGE = `
SELECT l.account_id, l.monthly_messages_quota, l.monthly_bytes_quota, l.quota_warning_percent, l.quota_state::text AS quota_state, l.quota_month,
       COALESCE(SUM(d.produced_messages), 0)::bigint AS messages, COALESCE(SUM(d.produced_bytes), 0)::bigint AS bytes
FROM account_limits l
LEFT JOIN usage_days d ON d.account_id = l.account_id AND d.day >= ($1::timestamptz AT TIME ZONE 'UTC')
WHERE $2::jsonb IS NULL OR l.account_id IN (SELECT jsonb_array_elements_text($2::jsonb)::int)
GROUP BY l.account_id`;

/**
 * Keeps each account's quota state (ok, warning, exceeded) current for the
 * calendar month: after every usage report, on quota changes, and
 * periodically (which also lifts a block when a new month starts). Returns
 * the accounts whose produce block changed, for the caller to publish.
 */
export class QuotaTracker {
  private readonly logger = new Logger('Quotas');

  constructor(private readonly prisma: PrismaClient) {}

  /** Re-evaluates `accountIds` (all accounts with limits when omitted); the ids whose block (exceeded or not) changed. */
  async refresh(accountIds?: number[], now = new Date()): Promise<number[]> {
    const month = monthStart(now);
    const rows = await this.monthUsage(month, accountIds);
    const changed: number[] = [];
    for (const r of rows) {
      const q = settingsOf(r);
      const state = quotaState(q, { messages: r.messages, bytes: r.bytes });
      const sameMonth = r.quota_month?.getTime() === month.getTime();
      const before: QuotaStateName = sameMonth ? r.quota_state : 'ok';
      if (sameMonth && state === r.quota_state) continue;
      const blockChanged = JSON.stringify(quotaBlock(state, q, month)) !== JSON.stringify(quotaBlock(r.quota_state, q, r.quota_month ?? month));
      await this.prisma.accountLimits.update({
        where: { accountId: r.account_id },
        data: { quotaState: state, quotaMonth: month, ...(blockChanged ? { version: { increment: 1 } } : {}) },
      });
      if (blockChanged) changed.push(r.account_id);
      if (state !== before && state !== 'ok') {
        const status = statusOf(r, state, month);
        const what = state === 'warning' ? `reached ${q.quotaWarningPercent}% of a monthly quota` : 'used up a monthly quota: produce is refused until the month ends';
        this.logger.warn(`account ${r.account_id} ${what} (${describe(status)})`);
      }
    }
    return changed;
  }

  /** The account's quotas as of now (null without a limits row). */
  async status(accountId: number, now = new Date()): Promise<QuotaStatus | null> {
    const month = monthStart(now);
    const [row] = await this.monthUsage(month, [accountId]);
    if (!row) return null;
    return statusOf(row, quotaState(settingsOf(row), row), month);
  }

  /** Accounts at or past their warning threshold this month (the operators' watch list). */
  async watchList(now = new Date()): Promise<QuotaStatus[]> {
    const month = monthStart(now);
    const rows = await this.monthUsage(month);
    return rows
      .map((r) => statusOf(r, quotaState(settingsOf(r), r), month))
      .filter((s) => s.state !== 'ok')
      .sort((a, b) => a.account_id - b.account_id);
  }

  private monthUsage(month: Date, accountIds?: number[]): Promise<QuotaRow[]> {
    return this.prisma.$queryRawUnsafe<QuotaRow[]>(MONTH_USAGE, month.toISOString(), accountIds ? JSON.stringify(accountIds) : null);
  }
}

function settingsOf(r: QuotaRow): QuotaSettings {
  return { monthlyMessagesQuota: r.monthly_messages_quota, monthlyBytesQuota: r.monthly_bytes_quota, quotaWarningPercent: r.quota_warning_percent };
}

function statusOf(r: QuotaRow, state: QuotaStateName, month: Date): QuotaStatus {
  const part = (used: bigint, quota: bigint | null) => (quota === null ? null : { quota: Number(quota), used: Number(used), percent: percentUsed(used, quota) });
  return {
    account_id: r.account_id,
    month: month.toISOString().slice(0, 7),
    state,
    warning_percent: r.quota_warning_percent,
    monthly_messages: part(r.messages, r.monthly_messages_quota),
    monthly_bytes: part(r.bytes, r.monthly_bytes_quota),
  };
}

function describe(s: QuotaStatus): string {
  const parts: string[] = [];
  if (s.monthly_messages) parts.push(`messages ${s.monthly_messages.used}/${s.monthly_messages.quota}`);
  if (s.monthly_bytes) parts.push(`bytes ${s.monthly_bytes.used}/${s.monthly_bytes.quota}`);
  return parts.join(', ');
}
