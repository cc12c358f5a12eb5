import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { regionQueueName, StationApplyJob } from '@restgw/contracts';
import { JobsConnection, StationResultsProducer, type JobWorker } from '@restgw/jobs';
import { Read, STATE_STORE, StateStoreModule, type StateStore } from '@restgw/state';
import { StationKeys, stationField } from '@restgw/contracts';
import { TopicProvisioner } from '@restgw/region-stations';
import { InstanceReporter } from '@restgw/fleet';
import { APP_VERSION } from '@restgw/platform';
import { REGION_WORKER_CONFIG, RegionWorkerConfig } from './region-worker.config';

const LOG_HEALTH_TIMEOUT_MS = 2_000;
import { StationApplyProcessor } from './station-apply.processor';
import { createTopicAdmin } from './topic-admin.factory';
import { UsageForwarder } from './usage-forwarder';
import { measuredJob } from './job-metrics';

/** Pulls the region's queue; stops taking jobs, then closes the log's topic admin and the queues on shutdown (the state store closes with its module). */
@Injectable()
class RegionQueueWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('RegionWorker');
  private readonly connection: JobsConnection;
  private readonly provisioner: TopicProvisioner;
  private readonly results: StationResultsProducer;
  private worker?: JobWorker;
  /** This worker in its region's fleet view. */
  private reporter?: InstanceReporter;

  constructor(
    @Inject(REGION_WORKER_CONFIG) private readonly config: RegionWorkerConfig,
    /** The region's station directory, to skip superseded jobs. */
    @Inject(STATE_STORE) private readonly state: StateStore,
  ) {
    const jobs = { redisUrl: config.REDIS_URL, redisKeyPrefix: config.REDIS_KEY_PREFIX, stateDatabaseUrl: config.STATE_DATABASE_URL };
    this.connection = new JobsConnection(jobs);
    this.provisioner = new TopicProvisioner(createTopicAdmin(config));
    this.results = new StationResultsProducer(jobs);
  }

  async onApplicationBootstrap(): Promise<void> {
    const c = this.config;
    const currentVersion = async (job: StationApplyJob) => {
      const { raw } = await this.state.read({ raw: Read.hget(StationKeys.directory(c.REGION_ID), stationField(job.accountId, job.station)) });
      const version = raw ? (JSON.parse(raw) as { version?: unknown }).version : null;
      return typeof version === 'number' ? version : null;
    };
    const processor = new StationApplyProcessor(this.provisioner, this.results, currentVersion, c.WORKER_TEST_JOB_DELAY_MS);
    const queue = regionQueueName(c.REGION_ID);
    this.worker = await this.connection.worker<StationApplyJob>(queue, (job) => measuredJob('station.apply', () => processor.process(job)), {
      concurrency: c.WORKER_CONCURRENCY,
      lockDuration: c.WORKER_LOCK_MS,
      stalledInterval: c.WORKER_STALLED_CHECK_MS,
      // A job whose worker died is put back this many times before it fails.
      maxStalledCount: 5,
      onError: (e) => this.logger.warn(`worker: ${e.message}`),
    });
    this.reporter = new InstanceReporter({
      store: this.state,
      regionId: c.REGION_ID,
      kind: 'region-worker',
      version: APP_VERSION,
      url: () => null,
      intervalMs: c.FLEET_REPORT_MS,
      logHealthy: () => this.provisioner.isReady(LOG_HEALTH_TIMEOUT_MS),
    });
    this.reporter.start();
    this.logger.log(`region worker ready: region ${c.REGION_ID}, queue ${queue}`);
  }

  /** Before any module closes its connections: the last report (stopped) needs the state store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.reporter?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.results.close();
    await this.provisioner.close();
    this.connection.close();
  }
}

@Module({})
export class RegionWorkerModule {
  static register(config: RegionWorkerConfig): DynamicModule {
    return {
      module: RegionWorkerModule,
      imports: [
        StateStoreModule.forRoot({
          redisUrl: config.REDIS_URL,
          keyPrefix: config.REDIS_KEY_PREFIX,
          stateDatabaseUrl: config.STATE_DATABASE_URL,
          connectionName: `restgw-region-worker-${config.REGION_ID}`,
        }),
      ],
      providers: [{ provide: REGION_WORKER_CONFIG, useValue: config }, RegionQueueWorker, UsageForwarder],
    };
  }
}
