import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../config/repo-root';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { operationDoc, OperationDoc, ResponseDoc } from './api-doc';
import { dtoQueryParameters, dtoSchema } from './dto-schema';
import { operationalPaths } from './operational.openapi';

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
  /** Security schemes by name (components.securitySchemes). */
  securitySchemes: Record<string, Record<string, unknown>>;
  /** Whether /metrics is on the app's port (no METRICS_PORT). */
  metricsOnAppPort: boolean;
  /** The app's readiness checks, for /readyz's example. */
  readinessExample: Record<string, boolean>;
  /** Path items of routes registered outside the controllers (the control plane's console page). */
  extraPaths?: Record<string, unknown>;
  /** Facts /readyz shows beside the checks, for its example. */
  readinessDetailsExample?: Record<string, string>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * The app's OpenAPI 3.1 document: @nestjs/swagger scans the controllers
 * (paths, methods, path parameters), each route's `*.openapi.ts` entry
 * (ApiDoc) adds summary, request and responses with examples, request schemas
 * come from the DTOs' validation decorators, and the operational routes are
 * added. A route without an entry keeps swagger's bare operation, which the
 * coverage test refuses.
 */
export function buildOpenApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const config = new DocumentBuilder().setOpenAPIVersion('3.1.0').setTitle(info.title).setDescription(info.description).setVersion(info.version).build();
  const doc = SwaggerModule.createDocument(app, config);
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, any>)[method];
      const entry = op && operationDoc(op.operationId);
      if (entry) (item as Record<string, unknown>)[method] = operation(op, entry);
    }
  }
  Object.assign(doc.paths, operationalPaths(info), info.extraPaths);
  // Swagger's DTO schemas are empty without @ApiProperty; the operations carry generated ones inline.
  doc.components = { securitySchemes: info.securitySchemes as never };
  doc.tags = [...new Set(Object.values(doc.paths).flatMap((item) => METHODS.flatMap((m) => ((item as any)[m]?.tags ?? []) as string[])))].sort().map((name) => ({ name }));
  return doc;
}

function operation(scanned: Record<string, any>, entry: OperationDoc): Record<string, unknown> {
  const pathParams = ((scanned.parameters ?? []) as Array<Record<string, any>>)
    .filter((p) => p.in === 'path')
    .map((p) => ({ ...p, schema: { type: 'string' }, ...(entry.params?.[p.name] ?? {}) }));
  const query = [...(entry.query?.dto ? dtoQueryParameters(entry.query.dto) : []), ...(entry.query?.parameters ?? [])];
  const op: Record<string, unknown> = {
    operationId: scanned.operationId,
    summary: entry.summary,
    ...(entry.description ? { description: entry.description } : {}),
    tags: entry.tags,
    parameters: [...pathParams, ...query],
    security: (entry.security ?? []).map((name) => ({ [name]: [] })),
    responses: Object.fromEntries(Object.entries(entry.responses).map(([status, r]) => [status, response(r)])),
  };
  if (entry.body) {
    const schema = entry.body.dto ? dtoSchema(entry.body.dto) : (entry.body.schema ?? {});
    op.requestBody = {
      required: entry.body.required ?? true,
      ...(entry.body.description ? { description: entry.body.description } : {}),
      content: Object.fromEntries((entry.body.contentTypes ?? ['application/json']).map((ct) => [ct, { schema, example: entry.body!.example }])),
    };
  }
  return op;
}

function response(r: ResponseDoc): Record<string, unknown> {
  return {
    description: r.description,
    ...(r.headers ? { headers: r.headers } : {}),
    ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema, example: r.example } } } : {}),
  };
}

/**
 * Serves the document at /openapi.json and Swagger UI at /docs: swagger-ui-dist's
 * files as @nestjs/swagger ships them (served by @fastify/static, nothing from
 * a CDN) and a page that loads the document. Built on first request, once
 * every route is registered.
 */
export function serveOpenApi(app: INestApplication, info: OpenApiInfo): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  let built: OpenAPIObject | undefined;
  fastify.get('/openapi.json', async (_req, reply) => {
    built ??= buildOpenApiDocument(app, info);
    reply.type('application/json');
    return built;
  });
  const page = swaggerUiPage(info.title);
  fastify.get('/docs', async (req, reply) => {
    // The page's asset paths are relative to /docs; /docs/ (the router takes both) would resolve them under /docs/docs/.
    if (req.url.split('?')[0].endsWith('/')) return reply.redirect(req.url.replace(/\/+(\?|$)/, '$1'));
    return reply.type('text/html; charset=utf-8').send(page);
  });
  void fastify.register(fastifyStatic, { root: swaggerUiAssets(), prefix: '/docs/', decorateReply: false, index: false });
}

/** swagger-ui-dist as installed for @nestjs/swagger. */
function swaggerUiAssets(): string {
  return dirname(createRequire(require.resolve('@nestjs/swagger')).resolve('swagger-ui-dist/package.json'));
}

function swaggerUiPage(title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, '');
  // Relative to the page, so the UI also works behind a proxy that adds a path prefix.
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${safeTitle}</title><link rel="stylesheet" href="docs/swagger-ui.css"></head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: new URL('openapi.json', document.baseURI).href, dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
</script>
</body>
</html>
`;
}

/** restgw's version (package.json), the documents' info.version. */
export const RESTGW_VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version;
