import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors/http-error.filter';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../errors/infrastructure-error';

export interface GracefulCloseOptions {
  /** Once the server closes, in-flight requests get this long before every connection is cut. */
  graceMs: number;
  /** Called as the server starts closing (apps cut their long polls short here). */
  onClosing?: () => void;
}

export const SHUTTING_DOWN_MESSAGE = 'This server is shutting down; retry on another one';

/**
 * Bounded HTTP close. When the server closes (after the app's shutdown hooks
 * that need it, e.g. a consumer group's hand-over): requests arriving on open
 * keep-alive connections answer 503 with the API's own body, Retry-After and
 * `Connection: close`; in-flight requests finish and their connections close
 * with the answer (without it, a kept-alive connection held the close until
 * Fastify's 72 s keep-alive timeout); after `graceMs` whatever is left is cut.
 * Fastify's own 503 (`return503OnClosing`) must be off: its body is not ours.
 */
export function registerGracefulClose(fastify: FastifyInstance, opts: GracefulCloseOptions): void {
  let closing = false;
  fastify.addHook('onRequest', (req, reply, done) => {
    if (!closing) return done();
    const path = (req.url ?? '').split('?')[0];
    void reply
      .status(503)
      .header('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS))
      .header('Connection', 'close')
      .send(errorBody(path, { status: 503, message: SHUTTING_DOWN_MESSAGE }));
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });
  fastify.addHook('preClose', (done) => {
    closing = true;
    const server = fastify.server;
    // Idle keep-alive connections go now; the others once their answer is sent (Connection: close).
    server.closeIdleConnections?.();
    const cut = setTimeout(() => server.closeAllConnections?.(), opts.graceMs);
    cut.unref();
    server.once('close', () => clearTimeout(cut));
    try {
      opts.onClosing?.();
    } finally {
      done();
    }
  });
}

/**
 * The last resort of a graceful shutdown: once a termination signal arrived,
 * the process exits after `deadlineMs` whatever is still pending (a dependency
 * that does not answer a disconnect), so an orchestrator's grace period is
 * never what ends it. Returns a function that removes the listeners.
 */
export function exitAfterDeadline(deadlineMs: number, log: (message: string) => void = console.error): () => void {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  const arm = (signal: NodeJS.Signals) => {
    const timer = setTimeout(() => {
      log(`shutdown after ${signal} took longer than ${deadlineMs} ms; exiting now`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    for (const s of signals) process.removeListener(s, arm);
  };
  for (const s of signals) process.once(s, arm);
  return () => {
    for (const s of signals) process.removeListener(s, arm);
  };
}
