/**
 * What the control plane and the region workers agree on about BullMQ:
 * queue names, job names, payloads and job ids. Both sides import this file.
 *
 * Control plane -> region: one queue per region (`region-<regionId>`).
 * Region -> control plane: one results queue (`control-plane-results`): station
 * outcomes and usage reports, told apart by job name.
 * Every queue lives under the deployment's REDIS_KEY_PREFIX (BullMQ `prefix`),
 * so several deployments or test stacks can share one Redis.
 */

/** BullMQ queue names may not contain ':'; region ids never do (<cloud>-<region>). */
export const regionQueueName = (regionId: string) => `region-${regionId}`;

export const RESULTS_QUEUE = 'control-plane-results';

/** BullMQ `prefix` for a deployment: its REDIS_KEY_PREFIX followed by `bull`. */
export const bullPrefix = (redisKeyPrefix: string) => `${redisKeyPrefix}bull`;

export const JobNames = {
  stationApply: 'station.apply',
  stationResult: 'station.result',
  /** A gateway's usage report (usage-contract.ts), on the region's usage queue and then on the results queue. */
  usageReport: 'usage.report',
} as const;

/**
 * The whole desired state of one station's topic at one station version: the
 * worker makes Kafka match it (create, alter, add partitions, or delete), so
 * applying a job twice is harmless. A worker skips a job older than the
 * station's version in the region's station directory (a newer job exists),
 * and the control plane ignores results for older versions.
 */
export interface StationApplyJob {
  stationId: string;
  accountId: number;
  /** Station name (its field in the region's station directory). */
  station: string;
  /** acct-<accountId>.<station>, derived by the control plane (topicName in tenant-names.ts). */
  topic: string;
  partitions: number;
  /** null: the broker's default. Decimal strings would survive JSON too, but retention fits a double. */
  retentionMs: number | null;
  retentionBytes: number | null;
  maxMessageBytes: number;
  version: number;
  deleted: boolean;
}

export type StationOutcome = 'active' | 'deleted' | 'failed';

export interface StationResultJob {
  stationId: string;
  accountId: number;
  version: number;
  outcome: StationOutcome;
  error?: string;
}

/** One job per station change: a duplicate enqueue of the same change is a no-op while the job is kept. */
export const stationApplyJobId = (stationId: string, version: number) => `station-${stationId}-v${version}`;
export const stationResultJobId = (r: Pick<StationResultJob, 'stationId' | 'version' | 'outcome'>) =>
  `result-${r.stationId}-v${r.version}-${r.outcome}`;

/** Retries with exponential backoff: 1 s, 2 s, 4 s ... (about 17 minutes in all). */
export const STATION_APPLY_ATTEMPTS = 10;
export const STATION_APPLY_BACKOFF_MS = 1000;
