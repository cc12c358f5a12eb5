/**
 * Where a gateway request carries its access token (API.md "Station routes"):
 * `Authorization: <scheme> <token>` with any scheme word (`Bearer`, `Bearer:`,
 * ...), or `?authorization=<token>` only when no Authorization header is sent.
 * Returns null when no usable token is present.
 */
export function extractToken(authorizationHeader: string | string[] | undefined, queryToken: unknown): string | null {
  const header = Array.isArray(authorizationHeader) ? authorizationHeader[0] : authorizationHeader;
  if (header !== undefined && header.trim() !== '') return tokenFromHeader(header);
  if (typeof queryToken === 'string' && queryToken !== '') return queryToken;
  return null;
}

const HEADER_RE = /^\s*\S+\s+(\S+)\s*$/;

/** Exactly two words: a scheme (whatever it is) and the token. */
function tokenFromHeader(header: string): string | null {
  const m = HEADER_RE.exec(header);
  return m ? m[1] : null;
}
