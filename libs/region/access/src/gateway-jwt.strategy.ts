import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { ACCESS_AUDIENCE, AccessClaims, SIGNING_ALG } from '@restgw/contracts';
import { decodeJwtHeader } from './jwk-set';
import { JwksCache } from './jwks-cache.service';
import { VerifiedToken, toVerifiedToken } from './verified-token';
import { TOKEN_VERIFY_OPTIONS, TokenVerifyOptions } from './verify.options';

export const GATEWAY_JWT = 'gateway-jwt';

/** The guard puts the extracted token here so passport does not parse the request again. */
export const TOKEN_ON_REQUEST = Symbol('restgw.token');

type KeyDone = (err: unknown, key?: string | Buffer) => void;

/**
 * Signature, issuer, audience and expiry check of an access token (ES256 only,
 * key chosen by `kid` from the JWKS cache). Runs only on verified-cache misses.
 */
@Injectable()
export class GatewayJwtStrategy extends PassportStrategy(Strategy, GATEWAY_JWT) {
  constructor(@Inject(TOKEN_VERIFY_OPTIONS) opts: TokenVerifyOptions, jwks: JwksCache) {
    super({
      jwtFromRequest: (req: Record<symbol, string | undefined>) => req[TOKEN_ON_REQUEST] ?? null,
      secretOrKeyProvider: (_req: unknown, rawJwtToken: string, done: KeyDone) => {
        const header = decodeJwtHeader(rawJwtToken);
        if (!header || header.alg !== SIGNING_ALG || typeof header.kid !== 'string') return done(new Error('unsupported token header'));
        jwks.keyFor(header.kid).then(
          // jsonwebtoken accepts a KeyObject; it avoids re-parsing a PEM on every check.
          (key) => (key ? done(null, key as unknown as Buffer) : done(new Error('unknown kid'))),
          (e) => done(e),
        );
      },
      algorithms: [SIGNING_ALG],
      issuer: opts.issuer,
      audience: ACCESS_AUDIENCE,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /** Passport calls this with the verified payload; the result becomes request.user. */
  validate(req: Record<symbol, string | undefined>, payload: Partial<AccessClaims>): VerifiedToken | false {
    const kid = decodeJwtHeader(req[TOKEN_ON_REQUEST] ?? '')?.kid;
    return toVerifiedToken(payload, typeof kid === 'string' ? kid : '') ?? false;
  }
}
