import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, JWTVerifyGetKey, jwtVerify } from 'jose';
import { ADMIN_AUDIENCE, SIGNING_ALG, SigningKeys } from '@restgw/auth';
import { unauthorized } from '@restgw/platform';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

const KEYSET_TTL_MS = 30_000;

/** Admin routes need an operator token (audience restgw-admin); application users' tokens are refused. */
@Injectable()
export class OperatorGuard implements CanActivate {
  private keySet?: { get: JWTVerifyGetKey; loadedAt: number };

  constructor(
    private readonly keys: SigningKeys,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; operator?: unknown }>();
    const token = /^Bearer:?\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw unauthorized();
    try {
      const { payload } = await jwtVerify(token, await this.keyLookup(), {
        algorithms: [SIGNING_ALG],
        audience: ADMIN_AUDIENCE,
        issuer: this.config.TOKEN_ISSUER,
      });
      req.operator = { id: Number(payload.sub), email: payload.email };
      return true;
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
