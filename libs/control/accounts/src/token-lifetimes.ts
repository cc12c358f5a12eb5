export const DEFAULT_TOKEN_MINUTES = 15;
export const DEFAULT_REFRESH_MINUTES = 300;
const MS_PER_MINUTE = 60_000;

export interface GrantedLifetimes {
  tokenMinutes: number;
  refreshMinutes: number;
}

/** Requested lifetimes, defaulted and clamped to the account's maxima. */
export function grantLifetimes(
  requested: { tokenMinutes?: number; refreshMinutes?: number },
  max: { maxTokenMinutes: number; maxRefreshMinutes: number },
): GrantedLifetimes {
  return {
    tokenMinutes: Math.min(requested.tokenMinutes ?? DEFAULT_TOKEN_MINUTES, max.maxTokenMinutes),
    refreshMinutes: Math.min(requested.refreshMinutes ?? DEFAULT_REFRESH_MINUTES, max.maxRefreshMinutes),
  };
}

export const minutesToMs = (minutes: number) => minutes * MS_PER_MINUTE;
