import { UsageRow } from '@restgw/contracts';

const MINUTE_MS = 60_000;

/**
 * This gateway's usage counters per account, station and minute, in memory
 * until the shipper drains them. Counting is a map lookup and a few
 * additions: it never waits, and never fails a request.
 */
export class UsageMeter {
  private rows = new Map<string, UsageRow>();

  produced(accountId: number, station: string, messages: number, bytes: number, nowMs = Date.now()): void {
    const row = this.row(accountId, station, nowMs);
    row.producedMessages += messages;
    row.producedBytes += bytes;
  }

  consumed(accountId: number, station: string, messages: number, bytes: number, nowMs = Date.now()): void {
    const row = this.row(accountId, station, nowMs);
    row.consumedMessages += messages;
    row.consumedBytes += bytes;
  }

  /** One station request answered with `status` (429 counted apart from the other 4xx). */
  request(accountId: number, station: string, status: number, nowMs = Date.now()): void {
    const row = this.row(accountId, station, nowMs);
    if (status === 429) row.requests429++;
    else if (status >= 500) row.requests5xx++;
    else if (status >= 400) row.requests4xx++;
    else row.requests2xx++;
  }

  /** Rows counted since the previous drain; counting starts afresh. */
  drain(): UsageRow[] {
    const rows = [...this.rows.values()];
    this.rows = new Map();
    return rows;
  }

  get size(): number {
    return this.rows.size;
  }

  private row(accountId: number, station: string, nowMs: number): UsageRow {
    const minute = nowMs - (nowMs % MINUTE_MS);
    const key = `${minute}|${accountId}|${station}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        accountId,
        station,
        minute,
        producedMessages: 0,
        producedBytes: 0,
        consumedMessages: 0,
        consumedBytes: 0,
        requests2xx: 0,
        requests4xx: 0,
        requests429: 0,
        requests5xx: 0,
      };
      this.rows.set(key, row);
    }
    return row;
  }
}
