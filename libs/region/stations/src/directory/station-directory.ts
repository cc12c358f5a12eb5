import { StationEvent, stationField, StationStatus, StationView } from '@restgw/contracts';

/** Statuses a gateway produces to and consumes from (the topic is ensured first). */
export const SERVED_STATUSES: ReadonlySet<StationStatus> = new Set<StationStatus>(['provisioning', 'active', 'failed']);

export const isServed = (view: StationView) => SERVED_STATUSES.has(view.status);

/**
 * The in-memory station directory of one region: field `<accountId>/<station>`
 * -> newest StationView seen. Pure; the mirror feeds it from Redis.
 */
export class StationDirectory {
  private views = new Map<string, StationView>();
  /** Fields changed by an event or a local insert, with when: a reload does not drop them while the Redis snapshot may predate them. */
  private touched = new Map<string, number>();

  get(accountId: number, station: string): StationView | undefined {
    return this.views.get(stationField(accountId, station));
  }

  get size(): number {
    return this.views.size;
  }

  /** Keeps the view unless an equal or newer version is held; true when it was taken. */
  apply(view: StationView, nowMs: number): boolean {
    const field = stationField(view.accountId, view.name);
    const held = this.views.get(field);
    if (held && held.version >= view.version) return false;
    this.views.set(field, view);
    this.touched.set(field, nowMs);
    return true;
  }

  /**
   * A full reload: the snapshot becomes the directory, except that a held
   * view newer than the snapshot's stays, and so does a field the snapshot
   * lacks that changed within `graceMs` (its write may postdate the read).
   * Returns the views that are new or of another version than held (changes
   * whose event was missed), so listeners hear of them too.
   */
  replace(snapshot: Map<string, StationView>, nowMs: number, graceMs: number): StationView[] {
    for (const [field, at] of this.touched) if (nowMs - at > graceMs) this.touched.delete(field);
    for (const [field, held] of this.views) {
      const fresh = snapshot.get(field);
      if (fresh ? held.version > fresh.version : this.touched.has(field)) snapshot.set(field, held);
    }
    const changed: StationView[] = [];
    for (const [field, view] of snapshot) if (this.views.get(field)?.version !== view.version) changed.push(view);
    this.views = snapshot;
    return changed;
  }
}

/** HGETALL reply -> views; malformed entries are skipped and counted. */
export function viewsFromHash(hash: Record<string, string>): { views: Map<string, StationView>; malformed: number } {
  const views = new Map<string, StationView>();
  let malformed = 0;
  for (const raw of Object.values(hash)) {
    const view = parseStationView(safeJson(raw));
    if (view) views.set(stationField(view.accountId, view.name), view);
    else malformed++;
  }
  return { views, malformed };
}

export function parseStationEvent(payload: string): StationEvent | null {
  const e = safeJson(payload) as Partial<StationEvent> | null;
  if (!e || typeof e !== 'object') return null;
  if (e.kind === 'station') {
    const view = parseStationView((e as { view?: unknown }).view);
    return view ? { kind: 'station', view } : null;
  }
  if (e.kind === 'policy' && Number.isSafeInteger(e.accountId)) {
    return e as StationEvent;
  }
  if (e.kind === 'republished') return { kind: 'republished' };
  return null;
}

const STATUSES = new Set<StationStatus>(['provisioning', 'active', 'failed', 'deleting', 'deleted']);

/** Checks the fields the gateway relies on; anything else is refused (null). */
export function parseStationView(v: unknown): StationView | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as StationView;
  if (!Number.isSafeInteger(s.accountId) || typeof s.name !== 'string' || !STATUSES.has(s.status)) return null;
  if (!Number.isSafeInteger(s.version) || !Number.isSafeInteger(s.partitions) || !Number.isSafeInteger(s.maxMessageBytes)) return null;
  if (s.schema !== null) {
    const sc = s.schema;
    if (!sc || typeof sc !== 'object' || typeof sc.schemaId !== 'string' || typeof sc.definition !== 'string') return null;
    if ((sc.type !== 'json' && sc.type !== 'protobuf') || !Number.isSafeInteger(sc.version)) return null;
  }
  return s;
}

function safeJson(text: string | unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
