import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { JobsConnection } from '@restgw/jobs';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { LimitsAdmin } from './limits-admin.service';
import { LimitsPublisher } from './limits.publisher';
import { QuotaTracker } from './quota-tracker';
import { UsageIntake } from './usage-intake.service';
import { UsageQuery } from './usage-query.service';
import { UsageReportsConsumer } from './usage-reports.consumer';

/** Stops the usage worker before ControlConnectionsModule closes its connection. */
@Injectable()
class UsageReportsCloser implements OnModuleDestroy {
  constructor(@Inject(UsageReportsConsumer) private readonly reports: UsageReportsConsumer) {}

  async onModuleDestroy(): Promise<void> {
    await this.reports.close();
  }
}

/**
 * Limits, quotas and usage use cases for the control plane and the CLI, on
 * the connections of ControlConnectionsModule (@restgw/db). The usage
 * reports consumer is provided, not started: only the control plane runs it.
 */
@Module({
  providers: [
    { provide: LimitsPublisher, inject: [STATE_STORE], useFactory: (s: StateStore) => new LimitsPublisher(s) },
    { provide: QuotaTracker, inject: [PRISMA], useFactory: (p: PrismaClient) => new QuotaTracker(p) },
    {
      provide: LimitsAdmin,
      inject: [PRISMA, LimitsPublisher, QuotaTracker],
      useFactory: (p: PrismaClient, pub: LimitsPublisher, q: QuotaTracker) => new LimitsAdmin(p, pub, q),
    },
    { provide: UsageIntake, inject: [PRISMA], useFactory: (p: PrismaClient) => new UsageIntake(p) },
    { provide: UsageQuery, inject: [PRISMA, QuotaTracker], useFactory: (p: PrismaClient, q: QuotaTracker) => new UsageQuery(p, q) },
    {
      provide: UsageReportsConsumer,
      inject: [UsageIntake, LimitsAdmin, JobsConnection],
      useFactory: (i: UsageIntake, l: LimitsAdmin, c: JobsConnection) => new UsageReportsConsumer(i, l, c),
    },
    UsageReportsCloser,
  ],
  exports: [LimitsAdmin, UsageIntake, UsageQuery, UsageReportsConsumer],
})
export class UsageModule {}
