/**
 * What the gateways, the region worker and the control plane agree on about
 * usage metering. Gateways count per account, station and minute in memory
 * and ship a report every USAGE_FLUSH_MS on their region's usage queue; the
 * region worker forwards each report unchanged to the control plane's usage
 * queue (beside the station results queue, so neither waits behind the other);
 * the control plane adds it to PostgreSQL once (the report id is remembered).
 */

/** Counters of one account and station during one minute, at one gateway. */
export interface UsageRow {
  accountId: number;
  /** Station name; '' for requests whose station name was invalid. */
  station: string;
  /** Start of the minute, epoch milliseconds (UTC). */
  minute: number;
  producedMessages: number;
  producedBytes: number;
  consumedMessages: number;
  consumedBytes: number;
  /** Station requests by outcome; 429s are not in 4xx. */
  requests2xx: number;
  requests4xx: number;
  requests429: number;
  requests5xx: number;
}

export const USAGE_COUNTERS = [
  'producedMessages',
  'producedBytes',
  'consumedMessages',
  'consumedBytes',
  'requests2xx',
  'requests4xx',
  'requests429',
  'requests5xx',
] as const;

export type UsageCounter = (typeof USAGE_COUNTERS)[number];

/** One gateway's counters since its previous report. */
export interface UsageReportJob {
  /** `<gateway instance>-<sequence>`: the job id on both queues and the control plane's once-only key. */
  id: string;
  regionId: string;
  rows: UsageRow[];
}

/** Gateways -> region worker: one queue per region. */
export const usageQueueName = (regionId: string) => `usage-${regionId}`;

/** Region workers -> control plane. */
export const USAGE_RESULTS_QUEUE = 'control-plane-usage';
