import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors/http-error.filter';

export interface CorsOptions {
  /** Exact origins, or ['*'] for any. */
  allowedOrigins: string[];
}

const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, X-Requested-With';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/**
 * Answers preflight for every route and refuses, server-side, any request
 * from an origin that is not allowed (a browser-only CORS check would still
 * let the request run).
 */
export function registerCors(app: FastifyInstance, opts: CorsOptions): void {
  const any = opts.allowedOrigins.includes('*');
  const allowed = new Set(opts.allowedOrigins);
  app.addHook('onRequest', (req, reply, done) => {
    const origin = req.headers.origin;
    if (!origin) return done();
    if (!any && !allowed.has(origin)) {
      // The route's own error shape (station routes answer the Memphis body).
      reply.code(403).send(errorBody(req.url.toLowerCase(), { status: 403, message: `Origin ${origin} is not allowed` }));
      return;
    }
    reply.header('Access-Control-Allow-Origin', any ? '*' : origin);
    if (!any) reply.header('Vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      reply
        .header('Access-Control-Allow-Methods', ALLOW_METHODS)
        .header('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? ALLOW_HEADERS)
        .header('Access-Control-Max-Age', '600')
        .code(204)
        .send();
      return;
    }
    done();
  });
}
