import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountAdmin } from '@restgw/accounts';
import { StationAdmin } from '@restgw/control-stations';
import { STATE_STORE, type StateStore } from '@restgw/state';
import { LimitsAdmin } from '@restgw/usage';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

/**
 * Keeps the gateways' shared state (access state, station directories,
 * account limits) published: at boot, every ACCESS_REPUBLISH_SECONDS, and at once when the
 * store is reachable again after an outage or a region's `published` marker
 * is missing (checked every STATE_CHECK_MS): a store that restarted empty is
 * complete again within about a second, and gateways keep their last known
 * state until then.
 */
@Injectable()
export class StatePublication {
  private readonly logger = new Logger('StatePublication');
  private running: Promise<boolean> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private checking = false;
  private failing = false;

  constructor(
    private readonly accounts: AccountAdmin,
    private readonly stations: StationAdmin,
    private readonly limits: LimitsAdmin,
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  /** Publishes once (failures throw: the control plane does not start without it), then keeps it published. */
  async start(): Promise<void> {
    await this.accounts.republishAccessState();
    await this.stations.republishAll();
    await this.limits.republishAll();
    this.store.onReconnect(() => void this.republish('the state store is reachable again'));
    this.timers = [
      setInterval(() => void this.republish(), this.config.ACCESS_REPUBLISH_SECONDS * 1000),
      setInterval(() => void this.checkMarkers(), this.config.STATE_CHECK_MS),
    ];
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.running?.catch(() => undefined);
  }

  /** Rewrites everything from the database; concurrent calls share one run. True when it worked. */
  republish(reason?: string): Promise<boolean> {
    if (!this.running) {
      this.running = (async () => {
        try {
          if (reason) this.logger.log(`republishing the gateways' state: ${reason}`);
          await this.accounts.republishAccessState();
          await this.stations.republishAll();
          await this.limits.republishAll();
          if (this.failing) this.logger.log('gateways\' state republished');
          this.failing = false;
          return true;
        } catch (e) {
          if (!this.failing) this.logger.warn(`republishing the gateways' state failed (${(e as Error).message}); retrying`);
          this.failing = true;
          return false;
        }
      })().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async checkMarkers(): Promise<void> {
    if (this.checking || this.running) return;
    this.checking = true;
    try {
      const missing = [
        ...new Set([...(await this.accounts.unpublishedRegions()), ...(await this.stations.unpublishedRegions()), ...(await this.limits.unpublishedRegions())]),
      ];
      if (missing.length) await this.republish(`no published state for region(s) ${missing.join(', ')}`);
    } catch {
      // Store or database unreachable: the connection watch reports it, and the next check retries.
    } finally {
      this.checking = false;
    }
  }
}
