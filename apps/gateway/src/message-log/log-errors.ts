import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@restgw/platform';
import { LogError, LogErrorKind } from '@restgw/message-log';

export const BROKER_RETRY_AFTER_SECONDS = 5;

const logger = new Logger('LogErrors');

/** LogError -> DomainError (503 + Retry-After, 413); anything else is rethrown as is (500). The cause of a 503 is logged. */
export function toDomainError(e: unknown): unknown {
  if (!(e instanceof LogError)) return e;
  if (e.kind === LogErrorKind.TooLarge) return new DomainError(ErrorCode.PayloadTooLarge, e.message);
  logger.warn(`log unavailable: ${e.message}`);
  return new DomainError(ErrorCode.Unavailable, 'The log cannot accept requests now; retry later', BROKER_RETRY_AFTER_SECONDS);
}
