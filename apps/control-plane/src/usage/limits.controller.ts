import { Body, Controller, Delete, Get, Param, Patch, Put, Query, UseGuards } from '@nestjs/common';
import { RATE_DIMENSIONS, RateLimits, dimensionName } from '@restgw/contracts';
import { AccountLimitsPatch, LimitsAdmin, UsageQuery } from '@restgw/usage';
import { AccountIdPipe } from '../admin/account-id.pipe';
import { OperatorGuard } from '../admin/operator.guard';
import { Audited, AuditedRequest } from '../audit/audited.decorator';
import { AccountLimitsDto, RateLimitsDto, UsageQueryDto } from './limits.dto';
import { ApiDoc } from '@restgw/platform';
import { LIMITS_DOCS } from './limits.openapi';

/** snake_case body -> RateLimits (absent stays absent, null stays null). */
function rates(body: RateLimitsDto): RateLimits {
  const out: RateLimits = {};
  for (const d of RATE_DIMENSIONS) {
    const v = (body as Record<string, number | null | undefined>)[dimensionName(d)];
    if (v !== undefined) out[d] = v;
  }
  return out;
}

/** Limits are per account, and per station name in every region (the CLI names them the same way). */
const limitsTarget = (r: AuditedRequest) => ({ target: `account/${r.params.id}/limits`, accountId: Number(r.params.id) });
const stationLimitsTarget = (r: AuditedRequest) => ({ target: `account/${r.params.id}/limits/station/${r.params.station}`, accountId: Number(r.params.id) });

/** Operators' tenant limits, monthly quotas and usage; every route is scoped by the account in the path. */
@Controller('admin')
@UseGuards(OperatorGuard)
export class LimitsController {
  constructor(
    private readonly limits: LimitsAdmin,
    private readonly usage: UsageQuery,
  ) {}

  @Get('accounts/:id/limits')
  @ApiDoc(LIMITS_DOCS.get)
  get(@Param('id', AccountIdPipe) id: number) {
    return this.limits.getLimits(id);
  }

  @Patch('accounts/:id/limits')
  @Audited('account.limits', limitsTarget)
  @ApiDoc(LIMITS_DOCS.update)
  update(@Param('id', AccountIdPipe) id: number, @Body() b: AccountLimitsDto) {
    const patch: AccountLimitsPatch = {
      ...rates(b),
      monthlyMessagesQuota: b.monthly_messages_quota,
      monthlyBytesQuota: b.monthly_bytes_quota,
      quotaWarningPercent: b.quota_warning_percent,
    };
    return this.limits.updateLimits(id, patch);
  }

  @Put('accounts/:id/limits/stations/:station')
  @Audited('station.limits', stationLimitsTarget)
  @ApiDoc(LIMITS_DOCS.setStation)
  setStation(@Param('id', AccountIdPipe) id: number, @Param('station') station: string, @Body() b: RateLimitsDto) {
    return this.limits.setStationLimits(id, station, rates(b));
  }

  @Delete('accounts/:id/limits/stations/:station')
  @Audited('station.clear-limits', stationLimitsTarget)
  @ApiDoc(LIMITS_DOCS.clearStation)
  clearStation(@Param('id', AccountIdPipe) id: number, @Param('station') station: string) {
    return this.limits.clearStationLimits(id, station);
  }

  @Get('accounts/:id/usage')
  @ApiDoc(LIMITS_DOCS.read)
  read(@Param('id', AccountIdPipe) id: number, @Query() q: UsageQueryDto) {
    return this.usage.usage({ accountId: id, granularity: q.granularity, from: q.from, to: q.to, station: q.station || undefined, region: q.region });
  }

  /** Accounts past their quota warning threshold this month. */
  @Get('quotas')
  @ApiDoc(LIMITS_DOCS.watchList)
  watchList() {
    return this.limits.quotaWatchList();
  }
}
