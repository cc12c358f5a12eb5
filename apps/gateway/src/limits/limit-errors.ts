import { DomainError, ErrorCode } from '@restgw/platform';
import type { LimitRejection } from '@restgw/limits';

/**
 * A refused request: 429 with Retry-After and the IETF RateLimit-* headers
 * (draft-ietf-httpapi-ratelimit-headers: limit, what is left, seconds until
 * the budget refills), the body naming the limit; 413 when the request alone
 * exceeds the limit, since waiting would not help.
 */
export function limitError(r: LimitRejection): DomainError {
  if (r.neverFits) return new DomainError(ErrorCode.PayloadTooLarge, r.message);
  return new DomainError(ErrorCode.TooManyRequests, r.message, r.resetSeconds, {
    'RateLimit-Limit': String(r.value),
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': String(r.resetSeconds),
  });
}

/** Awaits an admission (null: admitted without a store call) and throws the refusal. */
export async function enforce(admission: Promise<LimitRejection | null> | null): Promise<void> {
  const refused = admission && (await admission);
  if (refused) throw limitError(refused);
}
