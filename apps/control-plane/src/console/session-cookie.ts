import type { FastifyReply, FastifyRequest } from 'fastify';

/** The console's session cookie; Path=/admin: only the admin API ever receives it. */
export const SESSION_COOKIE = 'restgw_console_session';
/** The header the console sends with every change, holding its session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** The session secret from the Cookie header, if any (the first cookie of that name). */
export function sessionSecretFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * httpOnly: no script (an injected one included) can read it; SameSite=Strict:
 * no other site's page makes the browser send it; Secure when served over
 * https (directly or, with TRUST_PROXY, behind a proxy that says so).
 */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, secret: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', cookie(req, secret, maxAgeSeconds));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(req, '', 0));
}

function cookie(req: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/admin; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * A browser request from another site: its Origin names another host, or
 * Fetch Metadata says cross-site. Requests without either (curl, old
 * browsers) pass here and still need the CSRF header.
 */
export function isCrossSite(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.host;
  } catch {
    return true;
  }
}
