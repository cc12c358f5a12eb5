import type { JWTPayload } from 'jose';
import type { TenantContext } from '@restgw/contracts';

/** User, account and operator ids in claims: positive decimal integers without leading zeros. */
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

const isId = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** What an access token's verified claims say (AccessClaims in @restgw/contracts). */
export interface AccessIdentity {
  tenant: TenantContext;
  /** Epoch seconds; revocations compare against it. */
  iat: number;
  /** Epoch seconds. */
  exp: number;
}

/**
 * The tenant of an access token whose signature was checked; null when the
 * claims do not have an access token's shape (a number account_id, a decimal
 * sub, a session id, iat and exp), so such a token authenticates nobody.
 */
export function parseAccessClaims(claims: JWTPayload): AccessIdentity | null {
  const { sub, account_id, username, sid, iat, exp } = claims as JWTPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || !DECIMAL_ID.test(sub) || !isId(Number(sub))) return null;
  if (!isId(account_id)) return null;
  if (typeof sid !== 'string' || sid === '') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  return {
    tenant: { accountId: account_id, userId: Number(sub), username: typeof username === 'string' ? username : '', sessionId: sid },
    iat,
    exp,
  };
}

/** An operator token's identity (audience ADMIN_AUDIENCE). */
export interface OperatorIdentity {
  id: number;
  email: string;
}

/** The operator of a verified operator token; null when the claims are not an operator token's (decimal sub, email). */
export function parseOperatorClaims(claims: JWTPayload): OperatorIdentity | null {
  const { sub, email } = claims as JWTPayload & { email?: unknown };
  if (typeof sub !== 'string' || !DECIMAL_ID.test(sub) || !isId(Number(sub))) return null;
  if (typeof email !== 'string' || email === '') return null;
  return { id: Number(sub), email };
}
