import { INPUT_LIMITS } from '@restgw/accounts';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';

/** null for retention_* means the broker's default; -1 means unlimited. */
export class CreateStationDto {
  @IsString() @Length(1, INPUT_LIMITS.regionId) region_id!: string;
  @IsString() @Length(1, 128) name!: string;
  @IsOptional() @IsInt() @Min(1) @Max(1000) partitions?: number;
  @IsOptional() @IsInt() @Min(-1) retention_ms?: number | null;
  @IsOptional() @IsInt() @Min(-1) retention_bytes?: number | null;
  @IsOptional() @IsInt() @Min(1024) max_message_bytes?: number;
  @IsOptional() @IsUUID() schema_id?: string | null;
}

export class UpdateStationDto {
  @IsOptional() @IsInt() @Min(1) @Max(1000) partitions?: number;
  @IsOptional() @IsInt() @Min(-1) retention_ms?: number | null;
  @IsOptional() @IsInt() @Min(-1) retention_bytes?: number | null;
  @IsOptional() @IsInt() @Min(1024) max_message_bytes?: number;
}

export class AttachSchemaDto {
  @IsUUID() schema_id!: string;
}

export class CreateSchemaDto {
  @IsString() @Length(1, 128) name!: string;
  @IsIn(['json', 'protobuf']) type!: 'json' | 'protobuf';
  @IsString() @MaxLength(INPUT_LIMITS.schemaDefinition) definition!: string;
  @IsOptional() @IsString() @MaxLength(INPUT_LIMITS.messageType) message_type?: string;
}

export class AddSchemaVersionDto {
  @IsString() @MaxLength(INPUT_LIMITS.schemaDefinition) definition!: string;
  @IsOptional() @IsString() @MaxLength(INPUT_LIMITS.messageType) message_type?: string;
}

export class StationPolicyDto {
  @IsBoolean() auto_create!: boolean;
  @IsInt() @Min(0) @Max(INPUT_LIMITS.maxInt4) station_quota!: number;
}

export class ImplicitStationDto {
  @IsString() @Length(1, INPUT_LIMITS.regionId) region_id!: string;
  @IsString() @Length(1, 128) station!: string;
}
