import { dimensionName } from '@restgw/contracts';
import type { RateLimiterStore } from '@restgw/state';
import type { RateBudgetFactory } from './tenant-limiter';

/** Fixed one-second windows: a budget of `points` per second. */
const WINDOW_SECONDS = 1;

/**
 * Budgets on the deployment's rate limiter store (@restgw/state): in the
 * region's Redis, shared by every gateway replica (one atomic INCRBY with
 * expiry per limit, rate-limiter-flexible's Lua script), or in this process
 * (local profile: the store's `memory` kind).
 */
export const storeRateBudgets =
  (store: Pick<RateLimiterStore, 'limiter'>): RateBudgetFactory =>
  (d, points) =>
    store.limiter({ name: `lm:${dimensionName(d)}`, points, durationSeconds: WINDOW_SECONDS });
