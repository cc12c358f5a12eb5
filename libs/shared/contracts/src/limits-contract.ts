/**
 * What the control plane and the gateways agree on about tenant limits and
 * monthly quotas: the control plane's database is the truth; it publishes one
 * LimitsView per account into each region's state store where the account is
 * enabled (like the station directory), gateways mirror them in memory and
 * enforce them across their replicas.
 */

/** The rate dimensions an operator can limit (admin API and CLI use these names in snake_case). */
export const RATE_DIMENSIONS = [
  'produceMessagesPerSecond',
  'produceBytesPerSecond',
  'consumeMessagesPerSecond',
  'requestsPerSecond',
  'concurrentConsumes',
] as const;

export type RateDimension = (typeof RATE_DIMENSIONS)[number];

/** A dimension absent (or null) is not limited at this level: a station falls back to its account, an account to the region's defaults. */
export type RateLimits = Partial<Record<RateDimension, number | null>>;

/** The snake_case name of a dimension, as operators and error bodies say it. */
export const dimensionName = (d: RateDimension): string => d.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export type QuotaKind = 'monthly_messages' | 'monthly_bytes';

/** Produce is refused until `resetsAt` (the next calendar month, UTC) because this quota is used up. */
export interface QuotaBlock {
  quota: QuotaKind;
  limit: number;
  /** ISO time when the quota starts over. */
  resetsAt: string;
}

/** One account's limits as the gateways of a region see them. */
export interface LimitsView {
  accountId: number;
  /** Monotonic per account: a mirror ignores an older view than the one it holds. */
  version: number;
  account: RateLimits;
  /** Per-station overrides by station name: a dimension set here replaces the account's, with a budget of its own. */
  stations: Record<string, RateLimits>;
  quotaExceeded: QuotaBlock | null;
}

export const LimitKeys = {
  /** HASH accountId -> LimitsView JSON, for the accounts enabled in the region that have limits or a quota. */
  views: (regionId: string) => `lm:${regionId}:accounts`,
  /** STRING: when the control plane last wrote the region's complete views (ISO time); absent = incomplete (see AccessKeys.published). */
  published: (regionId: string) => `lm:${regionId}:published`,
} as const;

/** Pub/sub channel (not prefixed by the store): one LimitsEvent JSON per change, after the write. */
export const limitEventsChannel = (keyPrefix: string, regionId: string) => `${keyPrefix}lm:${regionId}:events`;

/** Every change publishes the account's whole view; an account without a view has the region's defaults. */
export type LimitsEvent =
  | { kind: 'limits'; view: LimitsView }
  /** The region's complete views were rewritten: reload them. */
  | { kind: 'republished' };
