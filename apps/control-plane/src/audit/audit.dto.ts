import { AUDIT_PAGE_MAX } from '@restgw/audit';
import { IsDateString, IsOptional, IsString, Matches } from 'class-validator';

/**
 * GET /admin/audit filters, all optional; from is inclusive, to exclusive (ISO 8601).
 * Query values stay strings (the pipe validates, it does not transform); the controller converts.
 */
export class AuditQueryDto {
  @IsOptional() @IsString() actor?: string;
  @IsOptional() @IsString() action?: string;
  @IsOptional() @IsString() target?: string;
  @IsOptional() @Matches(/^[1-9][0-9]{0,9}$/, { message: 'account must be an account id' }) account?: string;
  @IsOptional() @IsDateString() from?: string;
  @IsOptional() @IsDateString() to?: string;
  @IsOptional() @Matches(/^[1-9][0-9]{0,18}$/, { message: 'cursor must be the next_cursor of a previous page' }) cursor?: string;
  @IsOptional() @Matches(/^[0-9]{1,4}$/, { message: `limit must be an integer from 1 to ${AUDIT_PAGE_MAX}` }) limit?: string;
}
