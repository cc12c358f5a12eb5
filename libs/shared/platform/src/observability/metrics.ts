import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry and the metric families restgw exports.
 * One per process: every app (and every in-process test app) registers its
 * families here once; labels are bounded (route patterns, status codes,
 * station names only through the per-account opt-in list).
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/** Process metrics (CPU, memory, GC, event-loop lag) under the app's name; once per process. */
export function collectProcessMetrics(app: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'restgw_' });
}

const family = <T>(name: string, make: () => T): T => (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();

export const httpRequests = family(
  'restgw_http_requests_total',
  () => new Counter({ name: 'restgw_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers: [metricsRegistry] }),
);

export const httpDuration = family(
  'restgw_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'restgw_http_request_duration_seconds',
      help: 'HTTP request latency, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metricsRegistry],
    }),
);

export const messagesProduced = family(
  'restgw_messages_produced_total',
  () => new Counter({ name: 'restgw_messages_produced_total', help: 'Messages the broker acknowledged, by account (opt-in list, else "other")', labelNames: ['account'], registers: [metricsRegistry] }),
);
export const bytesProduced = family(
  'restgw_bytes_produced_total',
  () => new Counter({ name: 'restgw_bytes_produced_total', help: 'Payload bytes the broker acknowledged, by account (opt-in list, else "other")', labelNames: ['account'], registers: [metricsRegistry] }),
);
export const messagesConsumed = family(
  'restgw_messages_consumed_total',
  () => new Counter({ name: 'restgw_messages_consumed_total', help: 'Messages handed to consumers by this replica, by account (opt-in list, else "other")', labelNames: ['account'], registers: [metricsRegistry] }),
);
export const bytesConsumed = family(
  'restgw_bytes_consumed_total',
  () => new Counter({ name: 'restgw_bytes_consumed_total', help: 'Payload bytes handed to consumers by this replica, by account (opt-in list, else "other")', labelNames: ['account'], registers: [metricsRegistry] }),
);
export const brokerDuration = family(
  'restgw_broker_request_duration_seconds',
  () =>
    new Histogram({
      name: 'restgw_broker_request_duration_seconds',
      help: 'Latency of produce calls to the log (Kafka or the embedded log), by outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metricsRegistry],
    }),
);
export const tokenCacheLookups = family(
  'restgw_token_cache_lookups_total',
  () => new Counter({ name: 'restgw_token_cache_lookups_total', help: 'Verified-token cache lookups, by result (hit or miss)', labelNames: ['result'], registers: [metricsRegistry] }),
);
export const dependencyErrors = family(
  'restgw_dependency_errors_total',
  () => new Counter({ name: 'restgw_dependency_errors_total', help: 'Failed calls to a dependency (control_plane, state_store, broker)', labelNames: ['dependency'], registers: [metricsRegistry] }),
);

/**
 * Per-account labels only for the accounts an operator listed
 * (METRICS_ACCOUNTS); every other account counts under "other", so the
 * number of series stays bounded whatever the number of tenants.
 */
export class AccountLabels {
  private readonly listed: Set<string>;
  constructor(accounts: readonly (string | number)[]) {
    this.listed = new Set(accounts.map(String));
  }
  of(account: number): string {
    const id = String(account);
    return this.listed.has(id) ? id : 'other';
  }
}
