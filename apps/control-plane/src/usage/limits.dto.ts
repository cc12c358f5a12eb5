import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const MAX_RATE = 2_147_483_647;

/** Rate limits per second (concurrent_consumes: requests at once); null clears a value, an absent field stays. */
export class RateLimitsDto {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE) produce_messages_per_second?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE) produce_bytes_per_second?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE) consume_messages_per_second?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE) requests_per_second?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE) concurrent_consumes?: number | null;
}

export class AccountLimitsDto extends RateLimitsDto {
  /** Messages / bytes produced per calendar month (UTC), all regions. */
  @IsOptional() @IsInt() @Min(1) monthly_messages_quota?: number | null;
  @IsOptional() @IsInt() @Min(1) monthly_bytes_quota?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(100) quota_warning_percent?: number;
}

export class UsageQueryDto {
  @IsOptional() @IsIn(['minute', 'hour', 'day']) granularity?: 'minute' | 'hour' | 'day';
  @IsOptional() @IsString() @Length(1, 40) from?: string;
  @IsOptional() @IsString() @Length(1, 40) to?: string;
  @IsOptional() @IsString() @Length(0, 128) station?: string;
  @IsOptional() @IsString() @Length(1, 64) region?: string;
}
