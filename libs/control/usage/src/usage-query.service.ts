import type { PrismaClient } from '@restgw/db';
import { badRequest, notFound } from '@restgw/platform';
import { QuotaStatus, QuotaTracker } from './quota-tracker';

export type Granularity = 'minute' | 'hour' | 'day';

export interface UsageQueryCommand {
  accountId: number;
  granularity?: string;
  /** ISO 8601 time or epoch milliseconds; the buckets overlapping [from, to) are returned (from goes back to its bucket's start). */
  from?: string;
  to?: string;
  station?: string;
  region?: string;
}

export interface UsageCounters {
  produced_messages: number;
  produced_bytes: number;
  consumed_messages: number;
  consumed_bytes: number;
  requests_2xx: number;
  requests_4xx: number;
  requests_429: number;
  requests_5xx: number;
}

export interface UsageRowView extends UsageCounters {
  time: string;
  region_id: string;
  station: string;
}

export interface UsageResponse {
  account_id: number;
  granularity: Granularity;
  from: string;
  to: string;
  rows: UsageRowView[];
  totals: UsageCounters;
  /** Totals per station and per region over the range. */
  stations: Record<string, UsageCounters>;
  regions: Record<string, UsageCounters>;
  quota: QuotaStatus | null;
}

const TABLES: Record<Granularity, { table: string; column: string; bucketMs: number; defaultSpanMs: number }> = {
  minute: { table: 'usage_minutes', column: 'minute', bucketMs: 60_000, defaultSpanMs: 3_600_000 },
  hour: { table: 'usage_hours', column: 'hour', bucketMs: 3_600_000, defaultSpanMs: 86_400_000 },
  day: { table: 'usage_days', column: 'day', bucketMs: 86_400_000, defaultSpanMs: 31 * 86_400_000 },
};
const COUNTERS: Array<keyof UsageCounters> = ['produced_messages', 'produced_bytes', 'consumed_messages', 'consumed_bytes', 'requests_2xx', 'requests_4xx', 'requests_429', 'requests_5xx'];
export const MAX_USAGE_ROWS = 10_000;

type Row = { time: Date; region_id: string; station: string } & Record<keyof UsageCounters, bigint>;

/** Operators read an account's usage: one row per bucket, region and station, with totals. */
export class UsageQuery {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly quotas: QuotaTracker,
  ) {}

  async usage(cmd: UsageQueryCommand, now = Date.now()): Promise<UsageResponse> {
    const granularity = (cmd.granularity ?? 'hour') as Granularity;
    const spec = TABLES[granularity];
    if (!spec) throw badRequest('granularity must be minute, hour or day');
    const to = cmd.to === undefined ? new Date(now) : time(cmd.to, 'to');
    const asked = cmd.from === undefined ? new Date(to.getTime() - spec.defaultSpanMs) : time(cmd.from, 'from');
    if (asked >= to) throw badRequest('from must be before to');
    // Buckets are UTC minutes, hours and days (epoch time has no leap seconds, so a plain modulo finds their start).
    const from = new Date(asked.getTime() - (((asked.getTime() % spec.bucketMs) + spec.bucketMs) % spec.bucketMs));
    const account = await this.prisma.account.findUnique({ where: { id: cmd.accountId }, select: { id: true } });
    if (!account) throw notFound(`Account ${cmd.accountId} not found`);

    const rows = await this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT ${spec.column} AS time, region_id, station, ${COUNTERS.join(', ')} FROM ${spec.table}
       WHERE account_id = $1 AND ${spec.column} >= ($2::timestamptz AT TIME ZONE 'UTC') AND ${spec.column} < ($3::timestamptz AT TIME ZONE 'UTC')
         AND ($4::text IS NULL OR station = $4) AND ($5::text IS NULL OR region_id = $5)
       ORDER BY ${spec.column}, region_id, station
       LIMIT ${MAX_USAGE_ROWS + 1}`,
      cmd.accountId,
      from.toISOString(),
      to.toISOString(),
      cmd.station ?? null,
      cmd.region ?? null,
    );
    if (rows.length > MAX_USAGE_ROWS) throw badRequest(`More than ${MAX_USAGE_ROWS} rows: narrow from/to, or use a coarser granularity`);

    const totals = zero();
    const stations: Record<string, UsageCounters> = {};
    const regions: Record<string, UsageCounters> = {};
    const views = rows.map((r) => {
      const counters = countersOf(r);
      add(totals, counters);
      add((stations[r.station] ??= zero()), counters);
      add((regions[r.region_id] ??= zero()), counters);
      return { time: r.time.toISOString(), region_id: r.region_id, station: r.station, ...counters };
    });
    return {
      account_id: cmd.accountId,
      granularity,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: views,
      totals,
      stations,
      regions,
      quota: await this.quotas.status(cmd.accountId, new Date(now)),
    };
  }
}

function time(raw: string, name: string): Date {
  const t = /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  if (Number.isNaN(t.getTime())) throw badRequest(`${name} must be an ISO 8601 time or epoch milliseconds`);
  return t;
}

function zero(): UsageCounters {
  return { produced_messages: 0, produced_bytes: 0, consumed_messages: 0, consumed_bytes: 0, requests_2xx: 0, requests_4xx: 0, requests_429: 0, requests_5xx: 0 };
}

function countersOf(r: Row): UsageCounters {
  const c = zero();
  for (const k of COUNTERS) c[k] = Number(r[k]);
  return c;
}

function add(into: UsageCounters, c: UsageCounters): void {
  for (const k of COUNTERS) into[k] += c[k];
}
