import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while serving a request carries. */
export interface RequestContext {
  requestId: string;
  /** The verified account, once authentication set it. */
  account?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Accepted incoming ids: short and printable, so a client cannot inject log structure. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** The caller's x-request-id when it is a sane token, else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTED_ID.test(value) ? value : randomUUID();
}

/**
 * Runs `fn` (a Fastify hook's `done`) inside the request's context. The HTTP
 * bootstrap calls it in onRequest and again in preHandler, because body
 * parsing resumes from socket events outside any request's context.
 */
export function runInRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the verified account on the request being served (logs and per-account metrics). */
export function setRequestAccount(account: number): void {
  const ctx = storage.getStore();
  if (ctx) ctx.account = account;
}
