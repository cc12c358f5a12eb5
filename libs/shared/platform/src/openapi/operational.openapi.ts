/**
 * The routes every HTTP app registers outside its controllers (health,
 * readiness, Memphis's status, metrics, this document and its UI), as
 * OpenAPI path items.
 */
const STATUS_OK = { type: 'object', required: ['status'], properties: { status: { const: 'ok' } }, additionalProperties: false };
const READINESS = {
  type: 'object',
  required: ['status', 'checks'],
  properties: { status: { enum: ['ok', 'unavailable'] }, checks: { type: 'object', additionalProperties: { type: 'boolean' } } },
  // Facts beside the checks (the gateway's region and its status).
  additionalProperties: { type: 'string' },
};

const json = (schema: unknown, example: unknown) => ({ 'application/json': { schema, example } });

export function operationalPaths(opts: { metricsOnAppPort: boolean; readinessExample: Record<string, boolean>; readinessDetailsExample?: Record<string, string> }): Record<string, unknown> {
  const ops = ['Operations'];
  const paths: Record<string, unknown> = {
    '/healthz': {
      get: { operationId: 'healthz', tags: ops, summary: 'Liveness: 200 while the process runs', responses: { 200: { description: 'Alive', content: json(STATUS_OK, { status: 'ok' }) } } },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        tags: ops,
        summary: 'Readiness: 200 only when every dependency check passes',
        responses: {
          200: { description: 'Ready', content: json(READINESS, { status: 'ok', checks: opts.readinessExample, ...opts.readinessDetailsExample }) },
          503: {
            description: 'A check failed (the failing one is false)',
            content: json(READINESS, { status: 'unavailable', checks: Object.fromEntries(Object.keys(opts.readinessExample).map((k, i) => [k, i !== 0])), ...opts.readinessDetailsExample }),
          },
        },
      },
    },
    '/monitoring/status': {
      get: { operationId: 'monitoringStatus', tags: ops, summary: "Memphis's status route (load balancers of Memphis deployments probe it)", responses: { 200: { description: 'Alive', content: json(STATUS_OK, { status: 'ok' }) } } },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapiDocument',
        tags: ops,
        summary: 'This OpenAPI 3.1 document',
        responses: { 200: { description: 'The document', content: json({ type: 'object', required: ['openapi', 'paths'] }, { openapi: '3.1.0', info: { title: 'restgw', version: '0.1.0' }, paths: {} }) } },
      },
    },
    '/docs': {
      get: {
        operationId: 'openapiUi',
        tags: ops,
        summary: 'Swagger UI for this document (assets served by the app, nothing from a CDN)',
        responses: { 200: { description: 'The UI page', content: { 'text/html': { schema: { type: 'string' }, example: '<!DOCTYPE html><html>...</html>' } } } },
      },
    },
  };
  if (opts.metricsOnAppPort) {
    paths['/metrics'] = {
      get: {
        operationId: 'metrics',
        tags: ops,
        summary: 'Prometheus metrics (text format); on METRICS_PORT instead when that is set',
        responses: {
          200: {
            description: 'The exposition',
            content: { 'text/plain': { schema: { type: 'string' }, example: '# TYPE restgw_http_requests_total counter\nrestgw_http_requests_total{route="/healthz",method="GET",status="200",app="gateway"} 3\n' } },
          },
        },
      },
    };
  }
  return paths;
}
