import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';
import { isInfrastructureError, OUTAGE_RETRY_AFTER_SECONDS } from './infrastructure-error';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.Unavailable]: 503,
};

/** Fastify's own errors (body parsing and limits) that reach the filter. */
const FASTIFY_CODES: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'Request body is larger than the configured limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported Content-Type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Invalid request body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Invalid request body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Invalid Content-Length' },
};

export interface HttpErrorView {
  status: number;
  message: string;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/** What every outage answers: the dependency's name stays in the log, not in the answer. */
export const OUTAGE_MESSAGE = 'A service this request needs is unavailable; retry later';

/**
 * Any error -> status and message. Domain errors by their code; Nest's and
 * Fastify's own by their status; a dependency outage (isInfrastructureError)
 * is 503; anything else is a bug, 500. Every 429 and 503 carries Retry-After.
 */
export function toHttpError(err: unknown): HttpErrorView {
  const view = classify(err);
  if ((view.status === 503 || view.status === 429) && view.retryAfterSeconds === undefined) {
    view.retryAfterSeconds = OUTAGE_RETRY_AFTER_SECONDS;
  }
  return view;
}

function classify(err: unknown): HttpErrorView {
  if (err instanceof DomainError) {
    return { status: STATUS[err.code], message: err.message, retryAfterSeconds: err.retryAfterSeconds, headers: err.headers };
  }
  if (err instanceof HttpException) {
    const res = err.getResponse();
    const message =
      typeof res === 'string'
        ? res
        : Array.isArray((res as { message?: unknown }).message)
          ? ((res as { message: string[] }).message).join('; ')
          : String((res as { message?: unknown }).message ?? err.message);
    return { status: err.getStatus(), message };
  }
  const code = (err as { code?: string } | null)?.code;
  if (code && FASTIFY_CODES[code]) return { ...FASTIFY_CODES[code] };
  if (isInfrastructureError(err)) return { status: 503, message: OUTAGE_MESSAGE };
  const statusCode = (err as { statusCode?: number } | null)?.statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, message: (err as Error).message };
  }
  return { status: 500, message: 'Internal server error' };
}

/**
 * Station routes answer `{"error": "...", "success": false}` (Memphis shape),
 * except 401 which is `{"message": "Unauthorized"}` everywhere; all other routes
 * answer `{"message": "..."}`.
 */
export function errorBody(path: string, view: HttpErrorView): Record<string, unknown> {
  if (view.status !== 401 && path.startsWith('/stations/')) return { error: view.message, success: false };
  return { message: view.message };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const view = toHttpError(exception);
    if (view.status === 503 && !(exception instanceof DomainError)) this.logger.warn(`dependency unavailable: ${describe(exception)}`);
    else if (view.status >= 500 && view.status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent) return;
    if (view.retryAfterSeconds !== undefined) reply.header('Retry-After', String(view.retryAfterSeconds));
    if (view.headers) reply.headers(view.headers);
    const path = (request.url ?? '').split('?')[0];
    reply.status(view.status).send(errorBody(path, view));
  }
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return `${e.name}: ${e.message.split('\n').filter(Boolean).slice(-1)[0] ?? ''}`;
}
