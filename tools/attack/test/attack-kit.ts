import { JsonResponse, rawRequest, requestJson } from '@restgw/testing';

/** `[[[...]]]` nested `depth` levels: 2,000 levels is a 4 KB body. */
export const deepJson = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** `{"a":{"a":...}}` nested `depth` levels inside a JSON object body. */
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

export const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

/** POST with a JSON body (a string is sent as is), optional headers. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return requestJson(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The same, with the path sent as is (`..`, `%2e%2e` kept). */
export function postRaw(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return rawRequest(base, 'POST', path, {
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Header names of a consumed message, lowercased (the answer's spelling is not the point here). */
export const headerNames = (message: { headers?: Record<string, string> }) => Object.keys(message.headers ?? {}).map((h) => h.toLowerCase());
