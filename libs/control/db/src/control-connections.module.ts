import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { JobsConnection } from '@restgw/jobs';
import { createStateStore, RateLimiterStore, STATE_STORE, type StateStore } from '@restgw/state';
import type { ControlConnectionsOptions } from './control-connections.config';
import type { PrismaClient } from './generated/client';
import { createPrismaClient } from './prisma-client.factory';

/** The control plane's PrismaClient. */
export const PRISMA = Symbol('PRISMA');
/**
 * Owns the connections the module opened: checks them for /readyz and closes
 * them last (onApplicationShutdown runs after every onModuleDestroy, where
 * their users stop their queues and workers).
 */
@Injectable()
export class ControlConnections implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(STATE_STORE) private readonly state: StateStore,
    private readonly jobs: JobsConnection,
    private readonly limits: RateLimiterStore,
  ) {}

  /** /readyz: the database and the state store answer. */
  async check(): Promise<Record<string, boolean>> {
    const [database, state] = await Promise.all([
      this.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
      this.state.ping().then(() => true, () => false),
    ]);
    return { database, state };
  }

  async onApplicationShutdown(): Promise<void> {
    this.jobs.close();
    await this.state.close();
    await this.limits.close();
    await this.prisma.$disconnect();
  }
}

/**
 * The one owner of the control plane's connections (control plane, CLI, dev
 * stack seed): PostgreSQL through Prisma, the state store, the job queues'
 * connection and the rate limiters' store. Registered once by the root module; global so that feature
 * modules (accounts, stations) and guards inject PRISMA, STATE_STORE (@restgw/state) and
 * JobsConnection without opening their own.
 */
@Module({})
export class ControlConnectionsModule {
  static forRoot(opts: ControlConnectionsOptions): DynamicModule {
    return {
      module: ControlConnectionsModule,
      global: true,
      providers: [
        { provide: PRISMA, useFactory: () => createPrismaClient(opts.databaseUrl) },
        {
          provide: STATE_STORE,
          useFactory: () =>
            createStateStore({ redisUrl: opts.redisUrl, keyPrefix: opts.redisKeyPrefix, stateDatabaseUrl: opts.stateDatabaseUrl, connectionName: 'restgw-control-plane' }),
        },
        {
          provide: JobsConnection,
          useFactory: () => new JobsConnection({ redisUrl: opts.redisUrl, redisKeyPrefix: opts.redisKeyPrefix, stateDatabaseUrl: opts.stateDatabaseUrl }),
        },
        // The login throttle's counters (rate-limiter-flexible needs raw ioredis / pg clients); connects on the first login only.
        {
          provide: RateLimiterStore,
          useFactory: () => new RateLimiterStore({ redisUrl: opts.redisUrl, keyPrefix: opts.redisKeyPrefix, stateDatabaseUrl: opts.stateDatabaseUrl }),
        },
        ControlConnections,
      ],
      exports: [PRISMA, STATE_STORE, JobsConnection, RateLimiterStore, ControlConnections],
    };
  }
}
