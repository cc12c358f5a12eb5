import { DomainError, ErrorCode } from '@restgw/platform';
import { LogError, LogErrorKind } from '@restgw/log';

export const LOG_RETRY_AFTER_SECONDS = 5;

/** LogError -> DomainError (503 + Retry-After, 413); anything else is rethrown as is (500). */
export function toDomainError(e: unknown): unknown {
  if (!(e instanceof LogError)) return e;
  if (e.kind === LogErrorKind.TooLarge) return new DomainError(ErrorCode.PayloadTooLarge, e.message);
  return new DomainError(ErrorCode.Unavailable, 'The log cannot accept requests now; retry later', LOG_RETRY_AFTER_SECONDS);
}
