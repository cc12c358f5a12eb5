import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, JWTPayload, JWTVerifyGetKey, jwtVerify } from 'jose';
import { SigningKeys } from '@restgw/accounts';
import { SIGNING_ALG } from '@restgw/contracts';
import { unauthorized } from '@restgw/platform';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

/** Rotated keys reach this process's verification within this time. */
const KEYSET_TTL_MS = 30_000;

/** Verifies tokens this control plane signed (own keys, no HTTP round trip) for one audience; anything wrong is 401. */
@Injectable()
export class OwnTokenVerifier {
  private keySet?: { get: JWTVerifyGetKey; loadedAt: number };

  constructor(
    private readonly keys: SigningKeys,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async verify(authorization: string | undefined, audience: string): Promise<JWTPayload> {
    const token = /^Bearer:?\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthorized();
    try {
      const { payload } = await jwtVerify(token, await this.keyLookup(), { algorithms: [SIGNING_ALG], audience, issuer: this.config.TOKEN_ISSUER });
      return payload;
    } catch {
      throw unauthorized();
    }
  }

  private async keyLookup(): Promise<JWTVerifyGetKey> {
    if (!this.keySet || Date.now() - this.keySet.loadedAt > KEYSET_TTL_MS) {
      this.keySet = { get: createLocalJWKSet(await this.keys.jwks()), loadedAt: Date.now() };
    }
    return this.keySet.get;
  }
}
