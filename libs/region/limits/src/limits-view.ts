import { LimitsEvent, LimitsView, QuotaBlock, RATE_DIMENSIONS, RateDimension, RateLimits } from '@restgw/contracts';

/** The region's defaults for accounts that set no value (config; unset = unlimited). */
export type LimitDefaults = RateLimits;

/** The limit that applies to one request in one dimension, and whose budget it draws from. */
export interface EffectiveLimit {
  dimension: RateDimension;
  value: number;
  /** Budget key: `<accountId>` or, for a station override, `<accountId>/<station>`. */
  key: string;
  scope: 'account' | 'station';
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Station override first (its own budget), then the account's value, then
 * the region's default (both drawing on the account's budget); null when
 * nothing limits this dimension.
 */
export function effectiveLimit(
  view: LimitsView | undefined,
  defaults: LimitDefaults,
  accountId: number,
  station: string,
  dimension: RateDimension,
): EffectiveLimit | null {
  const override = view?.stations[station]?.[dimension];
  if (positive(override)) return { dimension, value: override, key: `${accountId}/${station}`, scope: 'station' };
  const own = view?.account[dimension];
  if (positive(own)) return { dimension, value: own, key: String(accountId), scope: 'account' };
  const fallback = defaults[dimension];
  if (positive(fallback)) return { dimension, value: fallback, key: String(accountId), scope: 'account' };
  return null;
}

/** The quota block in force at `nowMs`, if any (a block whose month ended no longer applies, whatever the mirror holds). */
export function activeQuotaBlock(view: LimitsView | undefined, nowMs: number): QuotaBlock | null {
  const block = view?.quotaExceeded;
  if (!block) return null;
  return Date.parse(block.resetsAt) > nowMs ? block : null;
}

/** Checks what the gateway relies on; anything else is refused (null), so a bad entry never throws on the hot path. */
export function parseLimitsView(v: unknown): LimitsView | null {
  if (!v || typeof v !== 'object') return null;
  const l = v as LimitsView;
  if (!Number.isSafeInteger(l.accountId) || !Number.isSafeInteger(l.version)) return null;
  if (!isRateLimits(l.account) || !l.stations || typeof l.stations !== 'object') return null;
  for (const s of Object.values(l.stations)) if (!isRateLimits(s)) return null;
  if (l.quotaExceeded !== null) {
    const q = l.quotaExceeded;
    if (!q || typeof q !== 'object' || (q.quota !== 'monthly_messages' && q.quota !== 'monthly_bytes')) return null;
    if (!positive(q.limit) || typeof q.resetsAt !== 'string' || Number.isNaN(Date.parse(q.resetsAt))) return null;
  }
  return l;
}

function isRateLimits(v: unknown): v is RateLimits {
  if (!v || typeof v !== 'object') return false;
  return RATE_DIMENSIONS.every((d) => {
    const x = (v as RateLimits)[d];
    return x === undefined || x === null || positive(x);
  });
}

export function parseLimitsEvent(payload: string): LimitsEvent | null {
  const e = safeJson(payload) as { kind?: unknown; view?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.kind === 'republished') return { kind: 'republished' };
  if (e.kind !== 'limits') return null;
  const view = parseLimitsView(e.view);
  return view ? { kind: 'limits', view } : null;
}

/** HGETALL reply -> views by account; malformed entries are skipped and counted. */
export function viewsFromHash(hash: Record<string, string>): { views: Map<number, LimitsView>; malformed: number } {
  const views = new Map<number, LimitsView>();
  let malformed = 0;
  for (const raw of Object.values(hash)) {
    const view = parseLimitsView(safeJson(raw));
    if (view) views.set(view.accountId, view);
    else malformed++;
  }
  return { views, malformed };
}

function safeJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
