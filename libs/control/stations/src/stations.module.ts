import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '@restgw/db';
import { StationJobsProducer } from '@restgw/jobs';
import { StationAdmin } from './station-admin.service';
import { StationDirectoryPublisher } from './station-directory.publisher';

export interface StationsOptions {
  redisUrl: string;
  redisKeyPrefix: string;
  /** Local profile: the job queues on BullMQ's PostgreSQL backend in this database. */
  stateDatabaseUrl?: string;
  /** Injection tokens of the app's PrismaClient and its keyPrefixed ioredis client (AccountsModule's PRISMA and REDIS). */
  prismaToken: symbol;
  redisToken: symbol;
}

@Injectable()
class StationJobsCloser implements OnApplicationShutdown {
  constructor(@Inject(StationJobsProducer) private readonly jobs: StationJobsProducer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}

/**
 * Station use cases wired for the control plane and the CLI, on the app's
 * own PrismaClient and Redis providers (global, e.g. AccountsModule's).
 */
@Module({})
export class StationsModule {
  static register(opts: StationsOptions): DynamicModule {
    return {
      module: StationsModule,
      providers: [
        { provide: StationJobsProducer, useFactory: () => new StationJobsProducer(opts) },
        { provide: StationDirectoryPublisher, inject: [opts.redisToken], useFactory: (r: Redis) => new StationDirectoryPublisher(r) },
        {
          provide: StationAdmin,
          inject: [opts.prismaToken, StationDirectoryPublisher, StationJobsProducer],
          useFactory: (p: PrismaClient, d: StationDirectoryPublisher, j: StationJobsProducer) => new StationAdmin(p, d, j),
        },
        StationJobsCloser,
      ],
      exports: [StationAdmin],
    };
  }
}
