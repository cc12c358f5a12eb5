/**
 * Where a gateway request carries its access token (docs/api.md "Station routes"):
 * `Authorization: <scheme> <token>` with any scheme word (`Bearer`, `Bearer:`
 * as some HTTP sinks such as Debezium's send it, ...), or `?authorization=<token>`
 * only when no Authorization header is sent. Returns null when no usable token is present.
 */
export function extractToken(authorizationHeader: string | string[] | undefined, queryToken: unknown): string | null {
  const header = Array.isArray(authorizationHeader) ? authorizationHeader[0] : authorizationHeader;
  if (header !== undefined && header.trim() !== '') return tokenFromAuthorization(header);
  if (typeof queryToken === 'string' && queryToken !== '') return queryToken;
  return null;
}

const HEADER_RE = /^\s*\S+\s+(\S+)\s*$/;

/**
 * The token of an Authorization header: exactly two words, a scheme (whatever
 * it is) and the token. For routes that take no token from the query string
 * (the control plane's). Null when the header is missing or not of that form.
 */
export function tokenFromAuthorization(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = HEADER_RE.exec(header);
  return m ? m[1] : null;
}
