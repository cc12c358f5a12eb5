/**
 * Recognises a dependency outage (PostgreSQL, Redis, a peer over HTTP) in an
 * error thrown by a client library, so the HTTP filter answers 503 with
 * Retry-After instead of 500. Structural on purpose: this library knows no
 * Prisma, pg or ioredis, only the shapes their errors have.
 */

/** Seconds a client should wait before retrying after an outage answer. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures (Node's `code` on net errors, also copied by pg and ioredis). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Prisma error codes of an unreachable or overloaded database: P1001 can't
 * reach, P1002 timed out, P1008 operation timed out, P1017 server closed the
 * connection, P2024 connection pool timeout.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Prisma 7 driver-adapter error kinds (meta.driverAdapterError.cause.kind) that mean the database is not there. */
const DRIVER_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P05
 * (shutdown, crash, cannot connect now, idle session timeout), 53300 (too many
 * connections).
 */
const isUnavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-5]$/.test(code) || code === '53300';

/** Messages of client libraries that carry no code (ioredis, pg, Prisma's raw-query wrapper). */
const MESSAGES = [
  /^Connection is closed\.?$/, // ioredis: command on a closed connection
  /Stream isn't writeable/, // ioredis: offline queue disabled
  /^Connection terminated/, // pg: server went away mid-query
  /timeout exceeded when trying to connect/, // pg pool
  /Can't reach database server/, // Prisma raw queries (P2010 wraps it)
  /Raw query failed\. Code: `(08[0-9A-Z]{3}|57P0[1-5]|53300)`/, // Prisma P2010 around a connection SQLSTATE
  /^Client has encountered a connection error and is not queryable$/, // pg
];

/** Error names meaning "the dependency did not answer in time / at all". */
const NAMES = new Set(['MaxRetriesPerRequestError', 'PrismaClientInitializationError', 'TimeoutError']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

function* chain(err: unknown): Generator<ErrorLike> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    const e = next as ErrorLike;
    yield e;
    queue.push(e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
}

function isOutage(e: ErrorLike): boolean {
  if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
  if (typeof e.code === 'string') {
    if (SOCKET_CODES.has(e.code) || PRISMA_CODES.has(e.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)) return true;
  }
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter) {
    if (typeof adapter.kind === 'string' && DRIVER_ADAPTER_KINDS.has(adapter.kind)) return true;
    if (typeof adapter.code === 'string' && isUnavailableSqlState(adapter.code)) return true;
  }
  return typeof e.message === 'string' && MESSAGES.some((re) => re.test(e.message as string));
}

/** True when the error (or one it wraps) says a dependency is unreachable or did not answer in time. */
export function isInfrastructureError(err: unknown): boolean {
  for (const e of chain(err)) if (isOutage(e)) return true;
  return false;
}
