import type { AccountLimits, PrismaClient, StationLimits } from '@restgw/db';
import { dimensionName, LimitsView, NAME_RULE, normalizeName, RATE_DIMENSIONS, RateDimension, RateLimits } from '@restgw/contracts';
import { badRequest, notFound } from '@restgw/platform';
import { LimitsPublisher } from './limits.publisher';
import { monthStart, quotaBlock, QuotaStateName } from './quota';
import { QuotaStatus, QuotaTracker } from './quota-tracker';

/** A change of an account's limits: a field absent stays as it is, null clears it. */
export interface AccountLimitsPatch extends RateLimits {
  monthlyMessagesQuota?: number | null;
  monthlyBytesQuota?: number | null;
  quotaWarningPercent?: number;
}

/** What operators read and write (snake_case, as the admin API and the CLI say it). */
export interface LimitsResponse {
  account_id: number;
  version: number;
  limits: Record<string, number | null>;
  quotas: { monthly_messages: number | null; monthly_bytes: number | null; warning_percent: number };
  stations: Record<string, Record<string, number>>;
  quota_status: QuotaStatus | null;
}

const MAX_RATE = 2_147_483_647; // INTEGER columns
const DEFAULT_WARNING_PERCENT = 80;

/**
 * Operator use cases on tenant limits and monthly quotas. The database is the
 * truth; every change bumps the account's version and publishes its whole
 * view to each region where the account is enabled (limits-contract.ts),
 * where the gateways' mirrors pick it up within moments.
 */
export class LimitsAdmin {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly publisher: LimitsPublisher,
    private readonly quotas: QuotaTracker,
  ) {}

  async getLimits(accountId: number): Promise<LimitsResponse> {
    await this.account(accountId);
    const [limits, stations] = await Promise.all([
      this.prisma.accountLimits.findUnique({ where: { accountId } }),
      this.prisma.stationLimits.findMany({ where: { accountId }, orderBy: { station: 'asc' } }),
    ]);
    return {
      account_id: accountId,
      version: limits?.version ?? 0,
      limits: Object.fromEntries(RATE_DIMENSIONS.map((d) => [dimensionName(d), limits?.[d] ?? null])),
      quotas: {
        monthly_messages: toNumber(limits?.monthlyMessagesQuota ?? null),
        monthly_bytes: toNumber(limits?.monthlyBytesQuota ?? null),
        warning_percent: limits?.quotaWarningPercent ?? DEFAULT_WARNING_PERCENT,
      },
      stations: Object.fromEntries(stations.map((s) => [s.station, snakeRates(ratesOf(s))])),
      quota_status: await this.quotas.status(accountId),
    };
  }

  async updateLimits(accountId: number, patch: AccountLimitsPatch): Promise<LimitsResponse> {
    await this.account(accountId);
    const data: Record<string, number | bigint | null> = {};
    for (const d of RATE_DIMENSIONS) {
      if (patch[d] !== undefined) data[d] = rate(patch[d], dimensionName(d));
    }
    if (patch.monthlyMessagesQuota !== undefined) data.monthlyMessagesQuota = quota(patch.monthlyMessagesQuota, 'monthly_messages_quota');
    if (patch.monthlyBytesQuota !== undefined) data.monthlyBytesQuota = quota(patch.monthlyBytesQuota, 'monthly_bytes_quota');
    if (patch.quotaWarningPercent !== undefined) {
      const p = patch.quotaWarningPercent;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 100) throw badRequest('quota_warning_percent must be an integer from 1 to 100');
      data.quotaWarningPercent = p;
    }
    await this.prisma.accountLimits.upsert({
      where: { accountId },
      create: { accountId, ...data },
      update: { ...data, version: { increment: 1 } },
    });
    await this.quotas.refresh([accountId]);
    await this.publishAccount(accountId);
    return this.getLimits(accountId);
  }

  /** Replaces a station's overrides (a dimension absent or null is the account's). */
  async setStationLimits(accountId: number, rawStation: string, limits: RateLimits): Promise<LimitsResponse> {
    await this.account(accountId);
    const station = stationName(rawStation);
    const data: Record<string, number | null> = {};
    for (const d of RATE_DIMENSIONS) data[d] = limits[d] === undefined ? null : rate(limits[d], dimensionName(d));
    await this.prisma.$transaction([
      this.prisma.stationLimits.upsert({ where: { accountId_station: { accountId, station } }, create: { accountId, station, ...data }, update: data }),
      this.bumpVersion(accountId),
    ]);
    await this.publishAccount(accountId);
    return this.getLimits(accountId);
  }

  async clearStationLimits(accountId: number, rawStation: string): Promise<LimitsResponse> {
    await this.account(accountId);
    const station = stationName(rawStation);
    const { count } = await this.prisma.stationLimits.deleteMany({ where: { accountId, station } });
    if (count === 0) throw notFound(`Station ${station} of account ${accountId} has no limits of its own`);
    await this.bumpVersion(accountId);
    await this.publishAccount(accountId);
    return this.getLimits(accountId);
  }

  /** Re-evaluates quotas (all accounts, or these) and publishes the accounts whose produce block changed. */
  async refreshQuotas(accountIds?: number[]): Promise<void> {
    for (const accountId of await this.quotas.refresh(accountIds)) await this.publishAccount(accountId);
  }

  quotaWatchList(): Promise<QuotaStatus[]> {
    return this.quotas.watchList();
  }

  /** Writes the account's view to every region where it is enabled (also on enabling a region). */
  async publishAccount(accountId: number): Promise<void> {
    const view = await this.view(accountId);
    if (!view) return;
    const regions = await this.prisma.accountRegion.findMany({ where: { accountId }, select: { regionId: true } });
    for (const { regionId } of regions) await this.publisher.publish(regionId, view);
  }

  /** Rewrites every region's views from the database (the state store may have restarted empty). */
  async republishAll(): Promise<void> {
    const regions = await this.prisma.region.findMany({ select: { id: true } });
    const held = new Map<string, string[]>();
    for (const { id } of regions) held.set(id, await this.publisher.heldAccounts(id));
    const [limits, stations, links] = await Promise.all([
      this.prisma.accountLimits.findMany(),
      this.prisma.stationLimits.findMany(),
      this.prisma.accountRegion.findMany({ select: { accountId: true, regionId: true } }),
    ]);
    const byAccount = new Map<number, StationLimits[]>();
    for (const s of stations) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
    const views = new Map(limits.map((l) => [l.accountId, toView(l, byAccount.get(l.accountId) ?? [])]));
    for (const { id } of regions) {
      const enabled = links.filter((l) => l.regionId === id && views.has(l.accountId));
      await this.publisher.replaceRegion(id, enabled.map((l) => views.get(l.accountId)!), held.get(id) ?? []);
    }
  }

  /** Registered regions whose limits are not (any more) published in the state store. */
  async unpublishedRegions(): Promise<string[]> {
    const regions = await this.prisma.region.findMany({ select: { id: true } });
    return this.publisher.unpublishedRegions(regions.map((r) => r.id));
  }

  private async view(accountId: number): Promise<LimitsView | null> {
    const limits = await this.prisma.accountLimits.findUnique({ where: { accountId } });
    if (!limits) return null;
    return toView(limits, await this.prisma.stationLimits.findMany({ where: { accountId } }));
  }

  private bumpVersion(accountId: number) {
    return this.prisma.accountLimits.upsert({ where: { accountId }, create: { accountId }, update: { version: { increment: 1 } } });
  }

  private async account(accountId: number): Promise<void> {
    const found = await this.prisma.account.findUnique({ where: { id: accountId }, select: { id: true } });
    if (!found) throw notFound(`Account ${accountId} not found`);
  }
}

export function toView(l: AccountLimits, stations: StationLimits[], now = new Date()): LimitsView {
  const month = monthStart(now);
  // A state from an earlier month no longer blocks (the tracker rewrites it at its next run).
  const state: QuotaStateName = l.quotaMonth?.getTime() === month.getTime() ? l.quotaState : 'ok';
  return {
    accountId: l.accountId,
    version: l.version,
    account: ratesOf(l),
    stations: Object.fromEntries(stations.map((s) => [s.station, ratesOf(s)])),
    quotaExceeded: quotaBlock(state, l, month),
  };
}

function ratesOf(row: Record<RateDimension, number | null>): RateLimits {
  const out: RateLimits = {};
  for (const d of RATE_DIMENSIONS) if (row[d] !== null) out[d] = row[d];
  return out;
}

function snakeRates(r: RateLimits): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of RATE_DIMENSIONS) if (typeof r[d] === 'number') out[dimensionName(d)] = r[d] as number;
  return out;
}

function rate(v: unknown, name: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_RATE) throw badRequest(`${name} must be an integer from 1 to ${MAX_RATE}, or null for none`);
  return v;
}

function quota(v: unknown, name: string): bigint | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw badRequest(`${name} must be a positive integer, or null for none`);
  return BigInt(v);
}

function stationName(raw: string): string {
  const name = normalizeName(String(raw ?? ''));
  if (!name) throw badRequest(`Invalid station name: ${NAME_RULE}`);
  return name;
}

const toNumber = (v: bigint | null) => (v === null ? null : Number(v));
