import { Module } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { AuditLog } from './audit-log.service';

/** The audit log on ControlConnectionsModule's Prisma client, for the control plane and the CLI. */
@Module({
  providers: [{ provide: AuditLog, inject: [PRISMA], useFactory: (p: PrismaClient) => new AuditLog(p) }],
  exports: [AuditLog],
})
export class AuditModule {}
