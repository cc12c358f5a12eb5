import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, JWTVerifyGetKey, jwtVerify } from 'jose';
import type { PrismaClient } from '@restgw/db';
import { PRISMA } from '@restgw/accounts';
import { ACCESS_AUDIENCE, SIGNING_ALG, SigningKeys, TenantContext } from '@restgw/auth';
import { unauthorized } from '@restgw/platform';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from '../control-plane.config';

const KEYSET_TTL_MS = 30_000;

/**
 * Verifies a customer's access token the way gateways do, but against the
 * database (the truth): signature, issuer, audience, then user enabled,
 * account active, not revoked by the user's or account's tokensValidFrom,
 * login session not revoked. Anything else: 401. Sets `request.tenant`.
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  private keySet?: { get: JWTVerifyGetKey; loadedAt: number };

  constructor(
    private readonly keys: SigningKeys,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; tenant?: TenantContext }>();
    req.tenant = await this.verify(req.headers.authorization);
    return true;
  }

  async verify(authorization: string | undefined): Promise<TenantContext> {
    const token = /^Bearer:?\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthorized();
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, await this.keyLookup(), { algorithms: [SIGNING_ALG], audience: ACCESS_AUDIENCE, issuer: this.config.TOKEN_ISSUER }));
    } catch {
      throw unauthorized();
    }
    const accountId = claims.account_id;
    const userId = Number(claims.sub);
    const iat = claims.iat;
    if (typeof accountId !== 'number' || !Number.isSafeInteger(userId) || typeof iat !== 'number' || typeof claims.sid !== 'string') throw unauthorized();
    const user = await this.prisma.appUser.findFirst({ where: { id: userId, accountId }, include: { account: true } });
    if (!user || user.disabled || iat < user.tokensValidFrom) throw unauthorized();
    if (user.account.status !== 'active' || iat < user.account.tokensValidFrom) throw unauthorized();
    const session = await this.prisma.loginSession.findFirst({ where: { id: claims.sid, accountId, userId } }).catch(() => null);
    if (!session || session.revokedAt) throw unauthorized();
    return { accountId, userId, username: user.username, sessionId: session.id };
  }

  private async keyLookup(): Promise<JWTVerifyGetKey> {
    if (!this.keySet || Date.now() - this.keySet.loadedAt > KEYSET_TTL_MS) {
      this.keySet = { get: createLocalJWKSet(await this.keys.jwks()), loadedAt: Date.now() };
    }
    return this.keySet.get;
  }
}
