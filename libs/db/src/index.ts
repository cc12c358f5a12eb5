export * from './migration-runner';
export * from './prisma-client.factory';
export { Prisma, PrismaClient } from './generated/client';
export type { Account, AppUser, LoginSession, Operator, Region, RefreshToken, SigningKey } from './generated/client';
export { AccountStatus, RegionStatus } from './generated/enums';
