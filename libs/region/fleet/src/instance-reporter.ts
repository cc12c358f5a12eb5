import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { DependencyHealth, FleetKeys, InstanceKind, InstanceReport } from '@restgw/contracts';
import { StateStore, Write } from '@restgw/state';

export interface InstanceReporterOptions {
  store: StateStore;
  regionId: string;
  kind: InstanceKind;
  version: string;
  /** Where the region's other replicas reach it; called at each report (the port is known once listening). */
  url: () => string | null;
  /** FLEET_REPORT_MS. */
  intervalMs: number;
  /** Resolves true when the region's log answers (bounded by the caller or by healthTimeoutMs). */
  logHealthy: () => Promise<boolean>;
  /** Bound of each health probe; default 2000 (a report never waits longer on a dead dependency). */
  healthTimeoutMs?: number;
  instanceId?: string;
  now?: () => Date;
}

/** `<kind>-<host>-<pid>-<4 random hex>`: unique across hosts and restarts reusing a pid. */
export const newInstanceId = (kind: InstanceKind) => `${kind}-${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;

/**
 * Writes this process's InstanceReport into its region's state store now and
 * every intervalMs (fleet-contract.ts), and a last one marked stopped on a
 * graceful stop. A report that cannot be written (store unreachable) is
 * retried at the next tick and remembered as last_state_store_error_at; the
 * control plane calls an instance gone when its reports stop arriving.
 */
export class InstanceReporter {
  readonly instanceId: string;
  private readonly logger = new Logger('InstanceReporter');
  private readonly startedAt: string;
  private timer: NodeJS.Timeout | undefined;
  private lastStoreErrorAt: string | null = null;
  private reporting: Promise<void> | null = null;
  private failing = false;
  private stopped = false;

  constructor(private readonly opts: InstanceReporterOptions) {
    this.instanceId = opts.instanceId ?? newInstanceId(opts.kind);
    this.startedAt = this.now().toISOString();
  }

  start(): void {
    void this.report();
    this.timer = setInterval(() => void this.report(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** The last report says stopped (best effort, bounded: the store may be down). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.stopped) return;
    this.stopped = true;
    await this.reporting?.catch(() => undefined);
    await this.write(true).catch(() => undefined);
  }

  /** One report; concurrent calls share it. */
  report(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.reporting) {
      this.reporting = this.write(false)
        .then(
          () => {
            if (this.failing) this.logger.log('fleet report written again');
            this.failing = false;
          },
          (e) => {
            this.lastStoreErrorAt = this.now().toISOString();
            if (!this.failing) this.logger.warn(`fleet report not written (${(e as Error).message}); retrying every ${this.opts.intervalMs} ms`);
            this.failing = true;
          },
        )
        .finally(() => {
          this.reporting = null;
        });
    }
    return this.reporting;
  }

  /** The report as it would be written now (health probed). */
  async snapshot(stopped = false): Promise<InstanceReport> {
    const [log, stateStore] = await Promise.all([
      this.probe(this.opts.logHealthy),
      this.probe(() => this.opts.store.ping().then(() => true)),
    ]);
    return {
      region: this.opts.regionId,
      instance_id: this.instanceId,
      kind: this.opts.kind,
      version: this.opts.version,
      url: this.opts.url(),
      pid: process.pid,
      host: hostname(),
      started_at: this.startedAt,
      last_seen: this.now().toISOString(),
      health: { log, state_store: stateStore },
      last_state_store_error_at: this.lastStoreErrorAt,
      stopped,
    };
  }

  private async write(stopped: boolean): Promise<void> {
    const report = await this.snapshot(stopped);
    await this.opts.store.write([Write.hset(FleetKeys.instances(this.opts.regionId), this.instanceId, JSON.stringify(report))]);
  }

  private async probe(check: () => Promise<boolean>): Promise<DependencyHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.opts.healthTimeoutMs ?? 2_000);
    });
    const ok = await Promise.race([check().catch(() => false), timeout]).finally(() => clearTimeout(timer));
    return ok ? 'ok' : 'unreachable';
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}
