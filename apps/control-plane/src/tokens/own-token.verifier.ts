import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SigningKeys } from '@restgw/accounts';
import { parseJwks, SignedToken, verifySignedToken } from '@restgw/tokens';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

/** Rotated keys reach this process's verification within this time. */
const KEYSET_TTL_MS = 30_000;

/**
 * Verifies tokens this control plane signed, the way gateways do
 * (@restgw/tokens), with its own published keys read from the database
 * instead of over HTTP.
 */
@Injectable()
export class OwnTokenVerifier {
  private keySet?: { byKid: Map<string, KeyObject>; loadedAt: number };

  constructor(
    private readonly keys: SigningKeys,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  /** The verified claims of a token made for `audience`; null when anything is wrong. */
  async verify(token: string, audience: string): Promise<SignedToken['claims'] | null> {
    const signed = await verifySignedToken(token, (kid) => this.keyFor(kid), { issuer: this.config.TOKEN_ISSUER, audience });
    return signed?.claims ?? null;
  }

  private async keyFor(kid: string): Promise<KeyObject | null> {
    if (!this.keySet || Date.now() - this.keySet.loadedAt > KEYSET_TTL_MS) {
      this.keySet = { byKid: parseJwks(await this.keys.jwks()), loadedAt: Date.now() };
    }
    return this.keySet.byKid.get(kid) ?? null;
  }
}
