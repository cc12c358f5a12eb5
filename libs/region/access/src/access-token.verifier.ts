import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_AUDIENCE } from '@restgw/contracts';
import { verifySignedToken } from '@restgw/tokens';
import { JwksCache } from './jwks-cache.service';
import { toVerifiedToken, VerifiedToken } from './verified-token';
import { TOKEN_VERIFY_OPTIONS, TokenVerifyOptions } from './verify.options';

/**
 * Signature, issuer, audience, expiry and claims of an access token, with the
 * control plane's keys from the JWKS cache (an unknown kid triggers one
 * rate-limited refetch). Runs only on verified-token cache misses.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    @Inject(TOKEN_VERIFY_OPTIONS) private readonly opts: TokenVerifyOptions,
    private readonly jwks: JwksCache,
  ) {}

  /** Null when the token is not a valid access token of this deployment. */
  async verify(token: string): Promise<VerifiedToken | null> {
    const signed = await verifySignedToken(token, (kid) => this.jwks.keyFor(kid), { issuer: this.opts.issuer, audience: ACCESS_AUDIENCE });
    return signed && toVerifiedToken(signed.claims, signed.kid);
  }
}
