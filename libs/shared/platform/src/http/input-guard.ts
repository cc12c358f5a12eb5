import type { FastifyInstance, FastifyRequest } from 'fastify';

const NUL = '\u0000';
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const badInput = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** Where the first NUL sits in a parsed value (strings and keys, iteratively), or null. */
function nulIn(value: unknown, where: string): string | null {
  const stack: Array<{ v: unknown; at: string }> = [{ v: value, at: where }];
  while (stack.length) {
    const { v, at } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return at;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes(NUL)) return at;
        stack.push({ v: child, at: Array.isArray(v) ? at : `${at}.${k}` });
      }
    }
  }
  return null;
}

/**
 * Shapes every JSON-API request (the control plane) takes before any handler
 * or DTO sees it, so malformed input is a 400 and never reaches PostgreSQL or
 * a controller as a value it cannot hold:
 * - no NUL character in path parameters, query values or body strings
 *   (PostgreSQL text cannot hold one: such a lookup was a 500);
 * - a request body, when there is one, is a JSON object; a POST/PUT/PATCH
 *   without one gets `{}` (a handler read fields of `null`: a 500).
 */
export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req: FastifyRequest, _reply, done) => {
    const at = nulIn(req.params, 'path') ?? nulIn(req.query, 'query') ?? nulIn(req.body, 'body');
    if (at) return done(badInput(`NUL characters are not allowed (${at})`));
    if (WITH_BODY.has(req.method)) {
      if (req.body === undefined) req.body = {};
      else if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) return done(badInput('Request body must be a JSON object'));
    }
    done();
  });
}
