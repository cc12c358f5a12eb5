/**
 * Domain errors carry a code, never an HTTP status; the one HTTP filter
 * (http-error.filter.ts) maps codes to statuses.
 */
export enum ErrorCode {
  BadRequest = 'bad_request',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  TooManyRequests = 'too_many_requests',
  Unavailable = 'unavailable',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds, for 429/503 answers. */
    readonly retryAfterSeconds?: number,
    /** Further response headers (a 429's RateLimit-* headers). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (message: string) => new DomainError(ErrorCode.BadRequest, message);
export const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'Unauthorized');
export const forbidden = (message: string) => new DomainError(ErrorCode.Forbidden, message);
export const notFound = (message: string) => new DomainError(ErrorCode.NotFound, message);
export const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
