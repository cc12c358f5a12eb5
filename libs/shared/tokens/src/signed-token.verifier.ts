import type { KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { SIGNING_ALG } from '@restgw/contracts';

/** The public key of a key id (`kid`), or null when the id is unknown. */
export type KeyLookup = (kid: string) => Promise<KeyObject | null>;

export interface SignedTokenExpectations {
  /** The control plane's TOKEN_ISSUER. */
  issuer: string;
  /** ACCESS_AUDIENCE or ADMIN_AUDIENCE: a token made for one is refused by the other. */
  audience: string;
}

export interface SignedToken {
  kid: string;
  /** Signature, issuer, audience, expiry and not-before checked; the shape is the caller's to check. */
  claims: JWTPayload;
}

/**
 * Checks a compact JWS signed by the control plane, for the control plane and
 * the gateways alike: ES256 only (`none`, HMAC and any other alg are refused
 * before a key is looked up), the key chosen by `kid`, then signature, issuer,
 * audience, `exp` and `nbf`. Null for anything wrong, including a key lookup
 * that fails: callers answer 401 and never say why.
 */
export async function verifySignedToken(token: string, keyFor: KeyLookup, expected: SignedTokenExpectations): Promise<SignedToken | null> {
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      async (header) => {
        if (header.alg !== SIGNING_ALG || typeof header.kid !== 'string') throw new Error('unsupported token header');
        const key = await keyFor(header.kid);
        if (!key) throw new Error('unknown kid');
        return key;
      },
      { algorithms: [SIGNING_ALG], issuer: expected.issuer, audience: expected.audience },
    );
    return { kid: protectedHeader.kid as string, claims: payload };
  } catch {
    return null;
  }
}
