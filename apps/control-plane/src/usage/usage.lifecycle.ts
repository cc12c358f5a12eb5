import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { LimitsAdmin, UsageIntake, UsageReportsConsumer } from '@restgw/usage';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

const PRUNE_EVERY_MS = 3_600_000;
/** Report ids are remembered well beyond any redelivery (BullMQ keeps completed jobs a day). */
const REPORT_ID_DAYS = 7;

/**
 * Background work of usage and quotas: usage reports are taken off the usage
 * queue; every quota is looked at again every ACCESS_REPUBLISH_SECONDS (which
 * also lifts blocks when a month starts; the limits themselves are kept
 * published by StatePublication); old minute and hour rows are pruned hourly.
 */
@Injectable()
export class UsageLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Usage');
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly limits: LimitsAdmin,
    private readonly intake: UsageIntake,
    private readonly reports: UsageReportsConsumer,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.limits.refreshQuotas();
    await this.reports.start();
    this.every(this.config.ACCESS_REPUBLISH_SECONDS * 1000, 'quota refresh', () => this.limits.refreshQuotas());
    this.every(PRUNE_EVERY_MS, 'usage pruning', () =>
      this.intake.prune({ minuteDays: this.config.USAGE_MINUTE_RETENTION_DAYS, hourDays: this.config.USAGE_HOUR_RETENTION_DAYS, reportDays: REPORT_ID_DAYS }),
    );
  }

  onModuleDestroy(): void {
    // The reports worker itself is stopped by UsageModule.
    for (const t of this.timers) clearInterval(t);
  }

  private every(ms: number, what: string, run: () => Promise<void>): void {
    const t = setInterval(() => run().catch((e) => this.logger.warn(`${what} failed: ${(e as Error).message}`)), ms);
    t.unref();
    this.timers.push(t);
  }
}
