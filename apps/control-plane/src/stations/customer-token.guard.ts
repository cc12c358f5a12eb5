import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { ACCESS_AUDIENCE, TenantContext } from '@restgw/contracts';
import { unauthorized } from '@restgw/platform';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';

/**
 * Verifies a customer's access token the way gateways do, but against the
 * database (the truth): signature, issuer, audience, then user enabled,
 * account active, not revoked by the user's or account's tokensValidFrom,
 * login session not revoked. Anything else: 401. Sets `request.tenant`.
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: OwnTokenVerifier,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; tenant?: TenantContext }>();
    req.tenant = await this.verify(req.headers.authorization);
    return true;
  }

  async verify(authorization: string | undefined): Promise<TenantContext> {
    const claims = await this.tokens.verify(authorization, ACCESS_AUDIENCE);
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
}
