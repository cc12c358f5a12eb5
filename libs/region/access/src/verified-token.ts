import type { JWTPayload } from 'jose';
import { TenantContext } from '@restgw/contracts';
import { parseAccessClaims } from '@restgw/tokens';

/** What a successful signature check leaves behind; cached per token string. */
export interface VerifiedToken {
  tenant: TenantContext;
  /** Epoch seconds. */
  iat: number;
  /** Epoch milliseconds; the cache entry dies then. */
  expiresAtMs: number;
  kid: string;
}

/** The cache entry for verified claims; null when the shape is not an access token's. */
export function toVerifiedToken(claims: JWTPayload, kid: string): VerifiedToken | null {
  const identity = parseAccessClaims(claims);
  return identity && { tenant: identity.tenant, iat: identity.iat, expiresAtMs: identity.exp * 1000, kid };
}
