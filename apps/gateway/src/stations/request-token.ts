import { extractToken } from '@restgw/tokens';
import { unauthorized } from '@restgw/platform';
import type { FastifyRequest } from 'fastify';

/** The access token TenantGuard verified (header, or ?authorization= without one), to relay to the control plane. */
export function requestToken(req: FastifyRequest): string {
  const token = extractToken(req.headers.authorization, (req.query as Record<string, unknown> | undefined)?.authorization);
  if (!token) throw unauthorized();
  return token;
}
