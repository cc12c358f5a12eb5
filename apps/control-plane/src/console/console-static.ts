import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The console's page runs only its own files (no inline script, no other
 * origin), may not be framed, and talks to this origin only; MUI's emotion
 * injects <style> elements, hence 'unsafe-inline' for styles alone.
 */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the built console (apps/console, `vite build`) at /console/. Its
 * hashed assets are cached for good, index.html never. Without a build,
 * /console answers 404 saying how to build it.
 */
export async function serveConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  if (!existsSync(join(dir, 'index.html'))) {
    const notBuilt = { message: `The console is not built (no ${join(dir, 'index.html')}): npm start and npm test build it, or run npm run build:console` };
    fastify.get('/console', (_req, reply) => reply.code(404).send(notBuilt));
    fastify.get('/console/*', (_req, reply) => reply.code(404).send(notBuilt));
    return;
  }
  // The page itself is an explicit route: the plugin's directory index does not
  // resolve under the app's router options (ignoreTrailingSlash, case-insensitive).
  await app.register(fastifyStatic as never, {
    root: dir,
    prefix: '/console/',
    index: false,
    redirect: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.headers(CONSOLE_HEADERS);
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/console', (_req, reply) => reply.sendFile('index.html'));
}
