import { AccessClaims, TenantContext } from '@restgw/contracts';

/** What a successful signature check leaves behind; cached per token string. */
export interface VerifiedToken {
  tenant: TenantContext;
  /** Epoch seconds. */
  iat: number;
  /** Epoch milliseconds; the cache entry dies then. */
  expiresAtMs: number;
  kid: string;
}

const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

/** Checks the claims a verified signature vouches for; null when the shape is not an access token's. */
export function toVerifiedToken(payload: Partial<AccessClaims>, kid: string): VerifiedToken | null {
  const { sub, account_id, username, sid, iat, exp } = payload;
  if (typeof sub !== 'string' || !DECIMAL_ID.test(sub)) return null;
  if (typeof account_id !== 'number' || !Number.isSafeInteger(account_id) || account_id <= 0) return null;
  if (typeof sid !== 'string' || sid === '') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  return {
    tenant: { accountId: account_id, userId: Number(sub), username: typeof username === 'string' ? username : '', sessionId: sid },
    iat,
    expiresAtMs: exp * 1000,
    kid,
  };
}
