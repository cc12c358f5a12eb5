/**
 * The fleet view (issue 14 item 5): every gateway replica and region worker
 * writes a report about itself into its region's state store every
 * FLEET_REPORT_MS; the control plane lists them (GET /admin/regions/:id/instances)
 * and calls one gone when its last report is older than FLEET_GONE_AFTER_MS.
 */

export type InstanceKind = 'gateway' | 'region-worker';
export type DependencyHealth = 'ok' | 'unreachable';

/** One instance's report, as written (JSON) under FleetKeys.instances(region), field = instance_id. */
export interface InstanceReport {
  region: string;
  instance_id: string;
  kind: InstanceKind;
  /** The restgw release it runs (package.json version). */
  version: string;
  /** Where the region's other replicas reach it (GATEWAY_INTERNAL_URL or its listener); null for region workers. */
  url: string | null;
  pid: number;
  host: string;
  /** ISO times: when the process started, when it wrote this report (its own clock). */
  started_at: string;
  last_seen: string;
  health: { log: DependencyHealth; state_store: DependencyHealth };
  /** The last time a report could not be written (the state store was unreachable), or null. */
  last_state_store_error_at: string | null;
  /** true in the report written by a graceful stop: it is stopped, not gone. */
  stopped: boolean;
}

export const FleetKeys = {
  /** HASH instance_id -> InstanceReport JSON. */
  instances: (regionId: string) => `fl:${regionId}:instances`,
} as const;

/** Parses a stored report; null for anything malformed (never trusted blindly: any process of the region may write). */
export function parseInstanceReport(raw: string): InstanceReport | null {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!r || typeof r !== 'object') return null;
  const str = (v: unknown) => typeof v === 'string';
  const health = r.health as Record<string, unknown> | undefined;
  const ok =
    str(r.region) &&
    str(r.instance_id) &&
    (r.kind === 'gateway' || r.kind === 'region-worker') &&
    str(r.version) &&
    (r.url === null || str(r.url)) &&
    str(r.started_at) &&
    str(r.last_seen) &&
    Number.isFinite(Date.parse(r.last_seen as string)) &&
    !!health &&
    typeof health === 'object' &&
    str(health.log) &&
    str(health.state_store);
  return ok ? (r as unknown as InstanceReport) : null;
}
