import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TENANT_ON_REQUEST } from '@restgw/access';
import { normalizeName, TenantContext } from '@restgw/contracts';
import type { UsageMeter } from '@restgw/limits';

const RELAYED = Symbol('restgw.relayed');

/** Marks a request whose answer was relayed from the replica that served it: that replica counts it. */
export function markRelayed(req: FastifyRequest): void {
  (req as unknown as Record<symbol, boolean>)[RELAYED] = true;
}

/**
 * Counts every station request of an authenticated account by its outcome
 * (2xx, 4xx, 429, 5xx), once: where its answer was made, not where it was
 * relayed. Requests without a verified tenant (401) belong to no account.
 * A station name that is not valid is counted under ''.
 */
export function registerRequestMetering(fastify: FastifyInstance, meter: UsageMeter): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const tagged = req as unknown as Record<symbol, unknown>;
    const tenant = tagged[TENANT_ON_REQUEST] as TenantContext | undefined;
    if (tenant && !tagged[RELAYED]) {
      const raw = (req.params as Record<string, string> | undefined)?.station;
      meter.request(tenant.accountId, (raw && normalizeName(raw)) || '', reply.statusCode);
    }
    done();
  });
}
