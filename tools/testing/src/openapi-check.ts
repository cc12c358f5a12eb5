import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';

/** What is checked of one documented operation: its path template and method, its answers by status. */
type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `/admin/accounts/{id}` -> a matcher as the apps route (any case, optional trailing slash). */
function templateMatcher(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`, 'i');
}

/**
 * Checks HTTP answers against an OpenAPI 3.1 document: the route's operation
 * must document the status, and a JSON body must validate against the
 * documented schema (ajv, JSON Schema 2020-12). Paths the document does not
 * describe (unmatched URLs, wrong methods) are not its business.
 */
export class OpenApiResponseChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<unknown, ValidateFunction>();
  private readonly routes: Array<{ template: string; matcher: RegExp; params: number }>;

  constructor(private readonly doc: OpenApiDocument) {
    // Static segments win over parameters (`/admin/regions` before `/admin/{x}`), as in the router.
    this.routes = Object.keys(doc.paths)
      .map((template) => ({ template, matcher: templateMatcher(template), params: (template.match(/\{/g) ?? []).length }))
      .sort((a, b) => a.params - b.params);
  }

  /** The problem with this answer, or null when it matches the document (or the document does not describe the route). */
  check(method: string, path: string, status: number, contentType: string | null, body: unknown, text: string): string | null {
    const m = method.toLowerCase();
    const route = this.routes.find((r) => r.matcher.test(path) && this.doc.paths[r.template][m]);
    if (!route) return null;
    const op = this.doc.paths[route.template][m];
    const answer = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
    const where = `${method.toUpperCase()} ${route.template} -> ${status}`;
    if (!answer) return `${where}: status not documented (${text.slice(0, 200)})`;
    if (!answer.content) return text.length ? `${where}: documented without a body, answered ${text.slice(0, 200)}` : null;
    const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!media.includes('json')) return null;
    const documented = answer.content['application/json'];
    if (!documented) return `${where}: answered JSON, documented ${Object.keys(answer.content).join(', ')}`;
    const validate = this.validator(documented.schema ?? {});
    if (validate(body)) return null;
    return `${where}: body does not match the schema: ${this.ajv.errorsText(validate.errors)}; body ${text.slice(0, 300)}`;
  }

  validator(schema: unknown): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) this.compiled.set(schema, (v = this.ajv.compile(schema as object)));
    return v;
  }

  /** Every documented operation, as `METHOD template`. */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([template, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`));
  }
}

/** Files of the apps' pages (Swagger UI under /docs/, the console under /console/): not API; /docs and /console themselves are documented. */
const UI_ASSET = /^\/(docs|console)\/./;

/**
 * What keeps a document honest about its app: every route the router holds
 * is documented and every documented operation exists; every operation has a
 * summary, a 2xx answer and an example for each answer with a body (errors
 * included) and for its request body, and every example validates against
 * its own schema. Returns the problems found.
 */
export function documentProblems(doc: OpenApiDocument, routes: Array<{ method: string; url: string }>): string[] {
  const checker = new OpenApiResponseChecker(doc);
  const problems: string[] = [];
  const routed = new Set(
    routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !UI_ASSET.test(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1')}`),
  );
  const documented = new Set(checker.operations());
  for (const r of routed) if (!documented.has(r)) problems.push(`${r}: routed but not in the document`);
  for (const d of documented) if (!routed.has(d)) problems.push(`${d}: documented but no such route`);
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (Operation & { summary?: string; requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> } }) | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${template}`;
      if (!op.summary) problems.push(`${where}: no summary`);
      if (!Object.keys(op.responses ?? {}).some((s) => s.startsWith('2'))) problems.push(`${where}: no 2xx answer documented`);
      const bodies: Array<[string, { schema?: unknown; example?: unknown }]> = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([ct, c]) => [`request ${ct}`, c] as [string, { schema?: unknown; example?: unknown }]),
        ...Object.entries(op.responses ?? {}).flatMap(([status, r]) =>
          Object.entries((r.content ?? {}) as Record<string, { schema?: unknown; example?: unknown }>).map(([ct, c]) => [`${status} ${ct}`, c] as [string, { schema?: unknown; example?: unknown }]),
        ),
      ];
      for (const [what, c] of bodies) {
        if (c.example === undefined) {
          problems.push(`${where} ${what}: no example`);
        } else if (what.endsWith('json')) {
          const validate = checker.validator(c.schema ?? {});
          if (!validate(c.example)) problems.push(`${where} ${what}: example does not match its schema: ${JSON.stringify(validate.errors)}`);
        }
      }
    }
  }
  return problems;
}
