import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Min, MinLength } from 'class-validator';

export class OperatorLoginDto {
  @IsEmail() email!: string;
  @IsString() password!: string;
}

export class RegisterRegionDto {
  @IsString() @Length(3, 64) id!: string;
  @IsUrl({ require_tld: false, require_protocol: true }) url!: string;
  @IsOptional() @IsIn(['active', 'draining', 'disabled']) status?: 'active' | 'draining' | 'disabled';
}

/** PUT /admin/regions/:id: the id comes from the path (an id in the body, as Terraform's restapi provider may send, must match it). */
export class PutRegionDto {
  @IsOptional() @IsString() id?: string;
  @IsUrl({ require_tld: false, require_protocol: true }) url!: string;
  @IsOptional() @IsIn(['active', 'draining', 'disabled']) status?: 'active' | 'draining' | 'disabled';
}

export class CreateAccountDto {
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @IsInt() @Min(1) max_token_minutes?: number;
  @IsOptional() @IsInt() @Min(1) max_refresh_minutes?: number;
}

export class CreateUserDto {
  @IsString() @Length(1, 128) username!: string;
  @IsString() @MinLength(8) password!: string;
}
