import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectProcessMetrics, httpDuration, httpRequests, metricsRegistry } from '../observability/metrics';
import { startMetricsServer } from '../observability/metrics-server';
import type { Logger } from 'pino';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { createJsonLogger, LogFormat, PinoNestLogger } from '../observability/json-logger';
import { REQUEST_ID_HEADER, RequestContext, currentRequestContext, requestIdFrom, runInRequestContext } from '../observability/request-context';
import { registerCors } from './cors';
import { registerInputGuard } from './input-guard';
import { registerGracefulClose } from './graceful-close';
import { jsonDeeperThan, MAX_JSON_DEPTH } from './json-depth';
import { redactUrl } from './redact-url';
import { OpenApiInfo, serveOpenApi } from '../openapi/openapi-document';

/** A provider of the app that answers /readyz: each dependency by name, true when usable. */
export interface Readiness {
  check(): Promise<Record<string, boolean>>;
  /** Facts shown beside the checks (e.g. the gateway's region and its status). */
  details?(): Record<string, string>;
}

export interface HttpAppOptions {
  name: string;
  /** The app's readiness provider (resolved from the app); without one, /readyz answers ready while the process runs. */
  readiness?: Type<Readiness>;
  bodyLimitBytes: number;
  corsOrigins: string[];
  /** Keep every request body as raw bytes (gateway); routes parse what they need. */
  rawBodies?: boolean;
  logRequests?: boolean;
  logLevel?: string;
  /** Once the HTTP server closes, in-flight requests get this long before every connection is cut (default 2000). */
  closeGraceMs?: number;
  /** Called as the HTTP server starts closing (cut long polls short). */
  onHttpClosing?: () => void;
  /** Set: /metrics on a private listener at this port (0: any free port) instead of the app's port. */
  metricsPort?: number;
  /** Address of that listener (the app's HOST). */
  metricsHost?: string;
  /** JSON lines (default) or `pretty` for a developer's terminal (npm start). */
  logFormat?: LogFormat;
  /**
   * Addresses or CIDR ranges of the proxies whose X-Forwarded-For is believed
   * (TRUST_PROXY). Empty: none, the client is the socket's peer, so nobody can
   * pick the address the login throttle counts against.
   */
  trustProxy?: string[];
  /** The app's OpenAPI document, served at /openapi.json with Swagger UI at /docs. */
  openApi?: Omit<OpenApiInfo, 'metricsOnAppPort'>;
}

const CONTEXT = Symbol('restgw.requestContext');
type ContextRequest = { [CONTEXT]?: RequestContext };

/**
 * One bootstrap for every HTTP app, used by main.ts and by tests alike: the
 * same error filter, validation pipe, body handling, CORS, health and
 * monitoring endpoints and access log.
 */
export async function createHttpApp(
  module: unknown,
  opts: HttpAppOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: opts.bodyLimitBytes,
    logger: false,
    trustProxy: opts.trustProxy?.length ? opts.trustProxy : false,
    // Station names may be 128 characters; fastify's default cap is 100.
    // Memphis's web framework (Fiber) matches paths case-insensitively and with
    // or without a trailing slash, and its clients rely on it (issue 13).
    routerOptions: { maxParamLength: 512, caseSensitive: false, ignoreTrailingSlash: true },
    // Requests during the close answer with the API's body (registerGracefulClose), not Fastify's.
    return503OnClosing: false,
    // The caller's x-request-id when sane (a proxy's or another restgw app's), else a new one.
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
  });
  const log = createJsonLogger({ name: opts.name, level: opts.logLevel, format: opts.logFormat });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    logger: new PinoNestLogger(log),
    bodyParser: !opts.rawBodies,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  recordRoutes(app, fastify);
  registerRequestContext(fastify);
  collectProcessMetrics(opts.name);
  registerHttpMetrics(fastify);

  if (!opts.rawBodies) {
    app.useBodyParser('application/json', { bodyLimit: opts.bodyLimitBytes }, depthBoundJsonParser(fastify));
    registerInputGuard(fastify);
  }
  if (opts.rawBodies) {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimitBytes }, (_req, body, done) =>
      done(null, body),
    );
  }
  registerGracefulClose(fastify, { graceMs: opts.closeGraceMs ?? 2_000, onClosing: opts.onHttpClosing });
  registerCors(fastify, { allowedOrigins: opts.corsOrigins });
  if (opts.logRequests) registerAccessLog(fastify, log);

  app.useGlobalFilters(new HttpErrorFilter());
  // DTO classes (class-validator) are checked and stripped of unknown fields; parameters
  // typed as strings, buffers or custom decorators (the gateway's) pass through untouched.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidUnknownValues: true }));
  registerOperationalRoutes(app, opts.readiness);
  if (opts.openApi) serveOpenApi(app, { ...opts.openApi, metricsOnAppPort: opts.metricsPort === undefined });
  if (opts.metricsPort === undefined) fastify.get('/metrics', metricsHandler);
  else await servePrivateMetrics(fastify, opts.metricsPort, opts.metricsHost ?? '127.0.0.1');
  app.enableShutdownHooks();
  return app;
}

/** Methods whose requests carry no body of meaning: an empty one is no body, whatever the Content-Type says. */
const BODILESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

const routeLists = new WeakMap<INestApplication, Array<{ method: string; url: string }>>();

/** Every route the app's router holds (method and pattern), for the OpenAPI coverage test; complete once the app is initialised. */
export function registeredRoutes(app: INestApplication): Array<{ method: string; url: string }> {
  return [...(routeLists.get(app) ?? [])];
}

function recordRoutes(app: INestApplication, fastify: FastifyInstance): void {
  const list: Array<{ method: string; url: string }> = [];
  routeLists.set(app, list);
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) list.push({ method: String(method), url: route.url });
  });
}

/**
 * Fastify's JSON parser (prototype poisoning refused), behind a nesting bound:
 * a body deeper than MAX_JSON_DEPTH is a 400 before any validator walks it.
 * A DELETE (or GET) with `Content-Type: application/json` and no body is no
 * body, not a 400: generic clients such as Terraform's restapi provider send
 * their configured headers on every request.
 */
function depthBoundJsonParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    if (body.length === 0 && BODILESS.has(req.method)) {
      done(null, undefined);
      return;
    }
    const text = body.toString('utf8');
    if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
      done(Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }));
      return;
    }
    parse(req, text, done);
  };
}

/**
 * Unauthenticated routes for load balancers and orchestrators: /healthz while
 * the process runs, /readyz only when every readiness check passes, and
 * Memphis' /monitoring/status.
 */
function registerOperationalRoutes(app: INestApplication, readiness: Type<Readiness> | undefined): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const source = readiness ? app.get(readiness) : undefined;
  const checks = async (): Promise<Record<string, boolean>> => (source ? source.check() : {});
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/monitoring/status', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_req, reply) => {
    const result = await checks().catch(() => ({ checks: false }));
    const ready = Object.values(result).every(Boolean);
    reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: result, ...source?.details?.() });
  });
}

/**
 * Every request runs in a context holding its id (echoed as x-request-id) and,
 * once authenticated, its account; log lines written while serving it carry both.
 */
function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const ctx: RequestContext = { requestId: String(req.id) };
    (req as ContextRequest)[CONTEXT] = ctx;
    reply.header(REQUEST_ID_HEADER, ctx.requestId);
    runInRequestContext(ctx, done);
  });
  // Body parsing resumed from socket events, outside the context: enter it again for the handler.
  fastify.addHook('preHandler', (req, _reply, done) => {
    const ctx = (req as ContextRequest)[CONTEXT];
    if (ctx && currentRequestContext() !== ctx) runInRequestContext(ctx, done);
    else done();
  });
}

/** Requests by route pattern (unmatched: "unmatched", never the raw URL), method and status, with latency. */
function registerHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const labels = { route: req.routeOptions?.url ?? 'unmatched', method: req.method, status: String(reply.statusCode) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}

async function metricsHandler(_req: unknown, reply: FastifyReply): Promise<string> {
  reply.header('content-type', metricsRegistry.contentType);
  return metricsRegistry.metrics();
}

/** /metrics on a listener of its own (kept off the public port), closed with the app. */
async function servePrivateMetrics(fastify: FastifyInstance, port: number, host: string): Promise<void> {
  const server = await startMetricsServer(port, host);
  fastify.addHook('onClose', (_instance, done) => {
    void server.close().then(() => done());
  });
}

/** One line per request: id, account, route pattern, status, duration; the URL with secret parameters redacted. */
function registerAccessLog(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const ctx = (req as ContextRequest)[CONTEXT];
    const line = {
      reqId: ctx?.requestId ?? String(req.id),
      ...(ctx?.account !== undefined ? { account: ctx.account } : {}),
      method: req.method,
      route: req.routeOptions?.url ?? null,
      url: redactUrl(req.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    runInRequestContext(ctx ?? { requestId: line.reqId }, () => log.info(line, 'request'));
    done();
  });
}
