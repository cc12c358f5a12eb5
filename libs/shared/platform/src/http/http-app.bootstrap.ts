import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { registerCors } from './cors';
import { redactUrl } from './redact-url';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export interface HttpAppOptions {
  name: string;
  bodyLimitBytes: number;
  corsOrigins: string[];
  /** Keep every request body as raw bytes (gateway); routes parse what they need. */
  rawBodies?: boolean;
  logRequests?: boolean;
  logLevel?: string;
}

const NEST_LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/**
 * One bootstrap for every HTTP app, used by main.ts and by tests alike: the
 * same error filter, body handling, CORS, health endpoints and access log.
 */
export async function createHttpApp(
  module: unknown,
  opts: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: opts.bodyLimitBytes,
    logger: false,
    trustProxy: true,
    // Station names may be 128 characters; fastify's default cap is 100.
    routerOptions: { maxParamLength: 512 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    logger: NEST_LEVELS[opts.logLevel ?? 'info'] ?? NEST_LEVELS.info,
    bodyParser: !opts.rawBodies,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  if (opts.rawBodies) {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimitBytes }, (_req, body, done) =>
      done(null, body),
    );
  }
  registerCors(fastify, { allowedOrigins: opts.corsOrigins });
  if (opts.logRequests) registerAccessLog(fastify, opts.name);

  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  return app;
}

/** /healthz answers while the process runs; /readyz only when every check passes. */
export function registerHealth(app: INestApplication, readiness: ReadinessCheck): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_req, reply) => {
    const checks = await readiness().catch(() => ({ checks: false }));
    const ready = Object.values(checks).every(Boolean);
    reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
}

function registerAccessLog(fastify: FastifyInstance, name: string): void {
  const log = pino({ name });
  fastify.addHook('onResponse', (req, reply, done) => {
    log.info({ method: req.method, url: redactUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) });
    done();
  });
}
