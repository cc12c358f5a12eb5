import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { JobsConnection, StationJobsProducer } from '@restgw/jobs';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { StationAdmin } from './station-admin.service';
import { StationDirectoryPublisher } from './station-directory.publisher';
import { StationResultsConsumer } from './station-results.consumer';

/** Stops the queue producer and the results worker before ControlConnectionsModule closes their connection. */
@Injectable()
class StationJobsCloser implements OnModuleDestroy {
  constructor(
    @Inject(StationJobsProducer) private readonly jobs: StationJobsProducer,
    @Inject(StationResultsConsumer) private readonly results: StationResultsConsumer,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.results.close();
    await this.jobs.close();
  }
}

/**
 * Station use cases wired for the control plane and the CLI, on the
 * connections of ControlConnectionsModule (@restgw/db). The results consumer
 * is provided, not started: only the control plane runs it.
 */
@Module({
  providers: [
    { provide: StationJobsProducer, inject: [JobsConnection], useFactory: (c: JobsConnection) => new StationJobsProducer(c) },
    { provide: StationDirectoryPublisher, inject: [STATE_STORE], useFactory: (s: StateStore) => new StationDirectoryPublisher(s) },
    {
      provide: StationAdmin,
      inject: [PRISMA, StationDirectoryPublisher, StationJobsProducer],
      useFactory: (p: PrismaClient, d: StationDirectoryPublisher, j: StationJobsProducer) => new StationAdmin(p, d, j),
    },
    {
      provide: StationResultsConsumer,
      inject: [StationAdmin, JobsConnection],
      useFactory: (a: StationAdmin, c: JobsConnection) => new StationResultsConsumer(a, c),
    },
    StationJobsCloser,
  ],
  exports: [StationAdmin, StationResultsConsumer],
})
export class StationsModule {}
