import { randomBytes } from 'node:crypto';
import { UsageReportJob } from '@restgw/contracts';
import { UsageMeter } from './usage-meter';

/** Where reports go (the region's usage queue). A report sent twice must count once: its id is the job id. */
export interface UsageSink {
  send(report: UsageReportJob): Promise<void>;
}

export interface UsageShipperOptions {
  regionId: string;
  flushIntervalMs: number;
  /** Reports kept while the sink is unreachable; beyond, the oldest are dropped (and counted). */
  maxPendingReports?: number;
  onError?: (message: string) => void;
}

/**
 * Turns the meter's counters into a report every flush interval and sends
 * the reports in order, off the request path. A report keeps its id until
 * the sink took it, so a send that failed (or timed out after all) is
 * retried with the same id and never counted twice. What a crash loses is
 * what was counted since the last report left: at most one flush interval
 * while the sink answers.
 */
export class UsageShipper {
  /** Names this process's reports: a restarted gateway never reuses an id. */
  readonly instanceId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  private seq = 0;
  private readonly pending: UsageReportJob[] = [];
  private sending: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private dropped = 0;
  private readonly maxPending: number;

  constructor(
    private readonly meter: UsageMeter,
    private readonly sink: UsageSink,
    private readonly opts: UsageShipperOptions,
  ) {
    this.maxPending = opts.maxPendingReports ?? 10_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.opts.flushIntervalMs);
    this.timer.unref();
  }

  /** Closes the current interval into a report and sends what is pending (one send run at a time). */
  flush(): Promise<void> {
    this.cut();
    if (!this.sending) {
      this.sending = this.sendPending().finally(() => {
        this.sending = null;
      });
    }
    return this.sending;
  }

  /** Last report on shutdown (after the HTTP server stopped taking requests); waits at most `timeoutMs` for the sink. */
  async stop(timeoutMs = 5_000): Promise<void> {
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
    if (this.pending.length) this.opts.onError?.(`stopped with ${this.pending.length} usage report(s) unsent`);
  }

  get pendingReports(): number {
    return this.pending.length;
  }

  private cut(): void {
    const rows = this.meter.drain();
    if (!rows.length) return;
    this.pending.push({ id: `${this.instanceId}-${++this.seq}`, regionId: this.opts.regionId, rows });
    while (this.pending.length > this.maxPending) {
      this.pending.shift();
      this.dropped++;
    }
  }

  private async sendPending(): Promise<void> {
    while (this.pending.length) {
      try {
        await this.sink.send(this.pending[0]);
      } catch (e) {
        this.opts.onError?.(`usage report not sent (${this.pending.length} pending${this.dropped ? `, ${this.dropped} dropped` : ''}): ${(e as Error).message}`);
        return;
      }
      this.pending.shift();
    }
  }
}
