import { INPUT_LIMITS } from '@restgw/accounts';
import { MAX_STATION_PATTERNS } from '@restgw/tokens';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** Scopes and patterns are checked against their sets by ApiKeys (one place for the API and the CLI); here only their shape. */
export class CreateOperatorKeyDto {
  @IsString() @Length(1, INPUT_LIMITS.apiKeyName) name!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(12) @IsString({ each: true }) @MaxLength(64, { each: true }) scopes!: string[];
  @IsOptional() @IsISO8601({ strict: true }) expires_at?: string | null;
}

export class CreateCustomerKeyDto extends CreateOperatorKeyDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_STATION_PATTERNS) @IsString({ each: true }) @MaxLength(128, { each: true }) stations!: string[];
}
