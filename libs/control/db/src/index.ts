export * from './control-connections.config';
export * from './control-connections.module';
export * from './migration-runner';
export * from './prisma-client.factory';
export * from './stack-connections.file';
export { Prisma, PrismaClient } from './generated/client';
export type { Account, AccountLimits, ApiKey, AppUser, AuditEntry, LoginSession, Operator, Region, RefreshToken, Schema, SchemaVersion, SigningKey, Station, StationLimits } from './generated/client';
export { AccountStatus, ApiKeyKind, QuotaState, RegionStatus, SchemaType, StationStatus } from './generated/enums';
