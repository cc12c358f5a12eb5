import type { PrismaClient } from '@restgw/db';
import { FleetKeys, InstanceReport, parseInstanceReport } from '@restgw/contracts';
import { notFound } from '@restgw/platform';
import { Read, StateStore, Write } from '@restgw/state';

export interface FleetViewOptions {
  /** FLEET_GONE_AFTER_MS: an instance whose last report is older is `gone`. */
  goneAfterMs: number;
  /** FLEET_DROP_AFTER_MS: one silent this long (gone or stopped) is removed from the list. */
  dropAfterMs: number;
  now?: () => number;
}

/** up: reports arrive; gone: silent for goneAfterMs (crashed, partitioned, or its store unreachable); stopped: said so on a graceful stop. */
export type InstanceStatus = 'up' | 'gone' | 'stopped';

export interface ListedInstance extends Omit<InstanceReport, 'stopped'> {
  status: InstanceStatus;
  /** Milliseconds since its last report, on the control plane's clock. */
  silent_ms: number;
}

/**
 * Sorts a region's stored reports into what to list and what to drop (pure):
 * malformed fields are dropped, as are instances silent for dropAfterMs.
 */
export function classifyInstances(stored: Record<string, string>, nowMs: number, opts: Pick<FleetViewOptions, 'goneAfterMs' | 'dropAfterMs'>) {
  const listed: ListedInstance[] = [];
  const drop: string[] = [];
  for (const [field, raw] of Object.entries(stored)) {
    const report = parseInstanceReport(raw);
    if (!report || report.instance_id !== field) {
      drop.push(field);
      continue;
    }
    // Never negative: a reporter's clock slightly ahead of ours is "just now".
    const silent = Math.max(0, nowMs - Date.parse(report.last_seen));
    if (silent >= opts.dropAfterMs) {
      drop.push(field);
      continue;
    }
    const { stopped, ...rest } = report;
    const status: InstanceStatus = stopped ? 'stopped' : silent >= opts.goneAfterMs ? 'gone' : 'up';
    listed.push({ ...rest, status, silent_ms: silent });
  }
  listed.sort((a, b) => a.kind.localeCompare(b.kind) || a.started_at.localeCompare(b.started_at) || a.instance_id.localeCompare(b.instance_id));
  return { listed, drop };
}

/** GET /admin/regions/:id/instances: the region's gateway replicas and workers, from their reports in the state store. */
export class FleetView {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly store: StateStore,
    private readonly opts: FleetViewOptions,
  ) {}

  async instances(regionId: string): Promise<{ region: string; gone_after_ms: number; instances: ListedInstance[] }> {
    const region = await this.prisma.region.findUnique({ where: { id: regionId }, select: { id: true } });
    if (!region) throw notFound(`Region ${regionId} not found`);
    const key = FleetKeys.instances(regionId);
    const { stored } = await this.store.read({ stored: Read.hgetall(key) });
    const { listed, drop } = classifyInstances(stored, this.opts.now?.() ?? Date.now(), this.opts);
    // Dropped when read: nothing else needs the entries, and a region nobody looks at stays small (one field per instance).
    if (drop.length) await this.store.write([Write.hdel(key, ...drop)]);
    return { region: regionId, gone_after_ms: this.opts.goneAfterMs, instances: listed };
  }
}
