import { INPUT_LIMITS } from '@restgw/accounts';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class OperatorLoginDto {
  @IsEmail() @MaxLength(INPUT_LIMITS.email) email!: string;
  @IsString() @MaxLength(INPUT_LIMITS.password) password!: string;
}

export class RegisterRegionDto {
  @IsString() @Length(3, INPUT_LIMITS.regionId) id!: string;
  @IsUrl({ require_tld: false, require_protocol: true }) @MaxLength(INPUT_LIMITS.regionUrl) url!: string;
  @IsOptional() @IsIn(['active', 'draining', 'disabled']) status?: 'active' | 'draining' | 'disabled';
}

/** PUT /admin/regions/:id: the id comes from the path (an id in the body, as Terraform's restapi provider may send, must match it). */
export class PutRegionDto {
  @IsOptional() @IsString() @MaxLength(INPUT_LIMITS.regionId) id?: string;
  @IsUrl({ require_tld: false, require_protocol: true }) @MaxLength(INPUT_LIMITS.regionUrl) url!: string;
  @IsOptional() @IsIn(['active', 'draining', 'disabled']) status?: 'active' | 'draining' | 'disabled';
}

export class CreateAccountDto {
  @IsString() @Length(1, INPUT_LIMITS.accountName) name!: string;
  @IsOptional() @IsInt() @Min(1) @Max(INPUT_LIMITS.maxInt4) max_token_minutes?: number;
  @IsOptional() @IsInt() @Min(1) @Max(INPUT_LIMITS.maxInt4) max_refresh_minutes?: number;
}

export class CreateUserDto {
  @IsString() @Length(1, INPUT_LIMITS.username) username!: string;
  @IsString() @MinLength(8) @MaxLength(INPUT_LIMITS.password) password!: string;
}

/** GET /admin/accounts: without any of these, every account (as before); values stay strings (converted by the controller). */
export class ListAccountsQueryDto {
  @IsOptional() @IsString() @MaxLength(INPUT_LIMITS.accountName) search?: string;
  @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
  @IsOptional() @Matches(/^(0|[1-9][0-9]{0,8})$/, { message: 'offset must be an integer from 0 to 999999999' }) offset?: string;
  @IsOptional() @Matches(/^([1-9][0-9]?|[1-4][0-9]{2}|500)$/, { message: 'limit must be an integer from 1 to 500' }) limit?: string;
  @IsOptional() @IsIn(['id', 'name', 'created_at', 'status']) sort?: 'id' | 'name' | 'created_at' | 'status';
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class ResetPasswordDto {
  @IsString() @MinLength(8) @MaxLength(INPUT_LIMITS.password) password!: string;
}
