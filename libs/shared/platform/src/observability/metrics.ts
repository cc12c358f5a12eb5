import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

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

/** hit / (hit + miss) of the verified-token cache since the process started (the dashboard takes the rate of the counter). */
export const tokenCacheHitRatio = family(
  'restgw_token_cache_hit_ratio',
  () =>
    new Gauge({
      name: 'restgw_token_cache_hit_ratio',
      help: 'Verified-token cache hits / lookups since the process started',
      registers: [metricsRegistry],
      async collect() {
        const values = (await tokenCacheLookups.get()).values;
        const hits = values.filter((v) => v.labels.result === 'hit').reduce((n, v) => n + v.value, 0);
        const total = values.reduce((n, v) => n + v.value, 0);
        this.set(total ? hits / total : 0);
      },
    }),
);

/** One gauge sample: its labels and value. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * A gauge read from the app at scrape time (the app sets its source once it
 * is built); without a source it exports no series.
 */
function sourcedGauge(name: string, help: string, labelNames: string[]): { setSource(source: () => Promise<GaugeSample[]> | GaugeSample[]): void } {
  let source: (() => Promise<GaugeSample[]> | GaugeSample[]) | undefined;
  family(
    name,
    () =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [metricsRegistry],
        async collect() {
          if (!source) return;
          const samples = await source();
          this.reset();
          for (const s of samples) this.set(s.labels, s.value);
        },
      }),
  );
  return { setSource: (s) => (source = s) };
}

export const consumerGroupLag = sourcedGauge(
  'restgw_consumer_group_lag_messages',
  'Records in the log after the committed offsets of the consumer groups this replica owns, by account (opt-in list, else "other")',
  ['account'],
);
export const consumerGroupLeases = sourcedGauge('restgw_consumer_group_leases_held', 'Consumer-group leases this gateway replica holds (groups it owns and serves)', []);
export const consumeBatchLeases = sourcedGauge('restgw_consume_batches_in_flight', 'Consume batches delivered by this replica and not yet acknowledged (batch leases)', []);

export const workerJobs = family(
  'restgw_worker_jobs_total',
  () => new Counter({ name: 'restgw_worker_jobs_total', help: 'Region worker jobs run, by job and outcome (applied, superseded, failed)', labelNames: ['job', 'outcome'], registers: [metricsRegistry] }),
);
export const workerJobDuration = family(
  'restgw_worker_job_duration_seconds',
  () =>
    new Histogram({
      name: 'restgw_worker_job_duration_seconds',
      help: 'Region worker job latency (one attempt), by job and outcome',
      labelNames: ['job', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metricsRegistry],
    }),
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
