import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Route prefixes served only on the operator listener when there is one: the
 * console is for operators too, and the API description (/openapi.json,
 * /docs) describes the admin API.
 */
export const OPERATOR_ROUTE_PREFIXES = ['/admin', '/internal', '/console', '/openapi.json', '/docs'] as const;

const ON_OPERATOR_LISTENER = Symbol('restgw.operatorListener');

type MarkedRequest = IncomingMessage & { [ON_OPERATOR_LISTENER]?: true };

export interface OperatorListenerOptions {
  port: number;
  host: string;
}

export function isOperatorRoute(routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && OPERATOR_ROUTE_PREFIXES.some((p) => routeUrl === p || routeUrl.startsWith(`${p}/`));
}

/**
 * A second listener on the same app for the operator (/admin/*) and internal
 * (/internal/*) routes, so the public one (/auth/*, JWKS, health) can face
 * the internet while these stay on a private network. The public listener
 * answers those routes 404. Decided on the matched route, not the raw path,
 * so no spelling of a path can cross over. Call before app.listen; start()
 * after it.
 */
export function attachOperatorListener(app: NestFastifyApplication, opts: OperatorListenerOptions) {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', (req: FastifyRequest, reply, done) => {
    if ((req.raw as MarkedRequest)[ON_OPERATOR_LISTENER] || !isOperatorRoute(req.routeOptions.url)) return done();
    reply.code(404).send({ message: `Cannot ${req.method} ${req.url.split('?')[0]}` });
  });
  let server: Server | undefined;
  fastify.addHook('onClose', (_instance, done) => {
    if (!server) return done();
    server.close(() => done());
    server.closeAllConnections();
  });
  return {
    /** Starts listening; resolves with the bound port (opts.port 0 picks one). */
    start: () =>
      new Promise<number>((resolve, reject) => {
        server = createServer((req: MarkedRequest, res: ServerResponse) => {
          req[ON_OPERATOR_LISTENER] = true;
          fastify.routing(req, res);
        });
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          const address = server!.address();
          resolve(typeof address === 'object' && address ? address.port : opts.port);
        });
      }),
  };
}
