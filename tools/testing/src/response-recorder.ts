import { OpenApiDocument, OpenApiResponseChecker } from './openapi-check';

/**
 * Every answer the e2e HTTP helpers (requestJson, and GatewayClient and
 * Stack.admin through it) receive is checked against the OpenAPI document of
 * the app that gave it, so the documents cannot drift from what the apps
 * answer. The document is fetched from the same origin on its first answer
 * (while the app runs); an origin without one (a private metrics listener,
 * the control plane's public listener when /openapi.json is on the operator
 * listener) is not checked. Problems fail the test file (openapi-after-all.ts).
 */
const documents = new Map<string, Promise<OpenApiResponseChecker | null>>();
const pending: Array<Promise<string | null>> = [];
let seen = 0;

function checkerFor(origin: string): Promise<OpenApiResponseChecker | null> {
  let doc = documents.get(origin);
  if (!doc) {
    doc = fetch(`${origin}/openapi.json`)
      .then(async (res) => (res.ok && (res.headers.get('content-type') ?? '').includes('json') ? new OpenApiResponseChecker((await res.json()) as OpenApiDocument) : null))
      .catch(() => null);
    documents.set(origin, doc);
  }
  return doc;
}

export function recordResponse(method: string, url: string, res: { status: number; headers: Headers; body: unknown; text: string }): void {
  const u = new URL(url);
  if (u.pathname === '/openapi.json') return;
  seen++;
  pending.push(checkerFor(u.origin).then((checker) => checker?.check(method, u.pathname, res.status, res.headers.get('content-type'), res.body, res.text) ?? null));
}

/** The problems found since the last call, and how many answers were checked. */
export async function takeResponseProblems(): Promise<{ checked: number; problems: string[] }> {
  const results = await Promise.all(pending.splice(0));
  const checked = seen;
  seen = 0;
  return { checked, problems: [...new Set(results.filter((p): p is string => p !== null))] };
}
