import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConsumeCoordinator } from '@restgw/consume';
import { LogBackend } from '@restgw/message-log';
import { AccountLabels, consumeBatchLeases, consumerGroupLag, consumerGroupLeases, dependencyErrors, GaugeSample } from '@restgw/platform';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { LOG_BACKEND } from '../message-log/log-backend.provider';

/** A scrape waits this long for a group's lag; a group the log does not answer for in time is left out. */
const LAG_TIMEOUT_MS = 2_000;
const ACCOUNT_OF_TOPIC = /^acct-(\d+)\./;

/**
 * The consume gauges, read at scrape time from what this replica owns: its
 * consumer-group leases, its batches in flight, and the lag of its groups
 * (records after their committed offsets) summed per account label.
 */
@Injectable()
export class ConsumeMetrics implements OnModuleInit {
  private readonly accounts: AccountLabels;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(LOG_BACKEND) private readonly log: LogBackend,
    private readonly coordinator: ConsumeCoordinator,
  ) {
    this.accounts = new AccountLabels(config.METRICS_ACCOUNTS);
  }

  onModuleInit(): void {
    consumerGroupLeases.setSource(() => [{ labels: {}, value: this.coordinator.ownedSessions().length }]);
    consumeBatchLeases.setSource(() => [{ labels: {}, value: this.coordinator.ownedSessions().reduce((n, s) => n + s.inFlight, 0) }]);
    consumerGroupLag.setSource(() => this.lag());
  }

  private async lag(): Promise<GaugeSample[]> {
    const byAccount = new Map<string, number>();
    await Promise.all(
      this.coordinator.ownedSessions().map(async ({ topic, group }) => {
        const lag = await this.bounded(this.log.groupLag(topic, group)).catch(() => {
          dependencyErrors.inc({ dependency: 'broker' });
          return null;
        });
        if (lag === null) return;
        const account = this.accounts.of(Number(ACCOUNT_OF_TOPIC.exec(topic)?.[1] ?? 0));
        byAccount.set(account, (byAccount.get(account) ?? 0) + lag);
      }),
    );
    return [...byAccount].map(([account, value]) => ({ labels: { account }, value }));
  }

  private bounded<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), LAG_TIMEOUT_MS);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}
