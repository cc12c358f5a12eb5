import type { PrismaClient } from '@restgw/db';
import { UsageReportJob } from '@restgw/contracts';

/** The tables a report is added to: minute rows, and their roll-ups per hour and per day (UTC). */
const ROLLUPS = [
  { table: 'usage_minutes', column: 'minute', bucket: 'minute' },
  { table: 'usage_hours', column: 'hour', bucket: 'hour' },
  { table: 'usage_days', column: 'day', bucket: 'day' },
] as const;

const COUNTERS = ['produced_messages', 'produced_bytes', 'consumed_messages', 'consumed_bytes', 'requests_2xx', 'requests_4xx', 'requests_429', 'requests_5xx'];

/*
 * One statement per table: the report's rows (one JSON parameter), summed per
 * bucket, added to what is there. Rows are written in key order, so two
 * reports touching the same hours lock them in the same order (no deadlock).
 */
const upsert = ({ table, column, bucket }: (typeof ROLLUPS)[number]) => `
INSERT INTO ${table} (account_id, ${column}, region_id, station, ${COUNTERS.join(', ')})
SELECT r.account_id, date_trunc('${bucket}', to_timestamp(r.minute / 1000.0) AT TIME ZONE 'UTC'), $2, r.station,
       ${COUNTERS.map((c) => `SUM(r.${c})`).join(', ')}
FROM jsonb_to_recordset($1::jsonb) AS r(account_id int, station text, minute bigint, ${COUNTERS.map((c) => `${c} bigint`).join(', ')})
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
ON CONFLICT (account_id, ${column}, region_id, station) DO UPDATE SET
  ${COUNTERS.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`).join(',\n  ')}`;

const UPSERTS = ROLLUPS.map(upsert);

/**
 * Adds gateways' usage reports to PostgreSQL, each exactly once: the report's
 * id is recorded in the same transaction as its counters, so a report
 * delivered again (a retried job, a gateway resending after a lost answer)
 * changes nothing.
 */
export class UsageIntake {
  constructor(private readonly prisma: PrismaClient) {}

  /** Adds the report (`added` false: it had been added before), and names the accounts it counted production for. */
  async record(report: UsageReportJob): Promise<{ added: boolean; producingAccounts: number[] }> {
    const rows = JSON.stringify(
      report.rows.map((r) => ({
        account_id: r.accountId,
        station: r.station,
        minute: r.minute,
        produced_messages: r.producedMessages,
        produced_bytes: r.producedBytes,
        consumed_messages: r.consumedMessages,
        consumed_bytes: r.consumedBytes,
        requests_2xx: r.requests2xx,
        requests_4xx: r.requests4xx,
        requests_429: r.requests429,
        requests_5xx: r.requests5xx,
      })),
    );
    const added = await this.prisma.$transaction(async (tx) => {
      const fresh = await tx.$executeRawUnsafe('INSERT INTO usage_reports (id, region_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', report.id, report.regionId);
      if (fresh === 0) return false;
      for (const sql of UPSERTS) await tx.$executeRawUnsafe(sql, rows, report.regionId);
      return true;
    });
    // Named even for a duplicate: the run that added it may have failed before its quotas were looked at.
    const producing = [...new Set(report.rows.filter((r) => r.producedMessages > 0 || r.producedBytes > 0).map((r) => r.accountId))];
    return { added, producingAccounts: producing };
  }

  /** Drops minute rows, hour rows and remembered report ids older than their retention (day rows are kept). */
  async prune(retention: { minuteDays: number; hourDays: number; reportDays: number }, now = Date.now()): Promise<void> {
    const before = (days: number) => new Date(now - days * 86_400_000);
    await this.prisma.usageMinute.deleteMany({ where: { minute: { lt: before(retention.minuteDays) } } });
    await this.prisma.usageHour.deleteMany({ where: { hour: { lt: before(retention.hourDays) } } });
    await this.prisma.usageReport.deleteMany({ where: { receivedAt: { lt: before(retention.reportDays) } } });
  }
}
