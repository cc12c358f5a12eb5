import { createPublicKey, KeyObject } from 'node:crypto';
import { SIGNING_ALG } from '@restgw/contracts';

interface Jwk {
  kid?: unknown;
  kty?: unknown;
  crv?: unknown;
  alg?: unknown;
  use?: unknown;
}

/**
 * Turns a JWKS document into kid -> public key. Only ES256 signing keys
 * (EC P-256) are kept; anything else in the set is ignored, never trusted.
 */
export function parseJwks(body: unknown): Map<string, KeyObject> {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('JWKS document has no "keys" array');
  const out = new Map<string, KeyObject>();
  for (const jwk of keys as Jwk[]) {
    if (!jwk || typeof jwk.kid !== 'string' || jwk.kty !== 'EC' || jwk.crv !== 'P-256') continue;
    if (jwk.alg !== undefined && jwk.alg !== SIGNING_ALG) continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    try {
      out.set(jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' }));
    } catch {
      // A malformed key is skipped; the others stay usable.
    }
  }
  return out;
}
