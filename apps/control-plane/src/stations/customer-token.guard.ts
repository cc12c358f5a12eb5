import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { ACCESS_AUDIENCE, TenantContext } from '@restgw/contracts';
import { unauthorized } from '@restgw/platform';
import { parseAccessClaims, tokenFromAuthorization } from '@restgw/tokens';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';

/**
 * Verifies a customer's access token the way gateways do (@restgw/tokens),
 * then against the database (the truth) instead of the gateways' mirror:
 * user enabled, account active, not revoked by the user's or account's
 * tokensValidFrom, login session not revoked. Anything else: 401. Sets
 * `request.tenant`.
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
    const token = tokenFromAuthorization(authorization);
    const claims = token && (await this.tokens.verify(token, ACCESS_AUDIENCE));
    const identity = claims && parseAccessClaims(claims);
    if (!identity) throw unauthorized();
    const { accountId, userId, sessionId } = identity.tenant;
    const user = await this.prisma.appUser.findFirst({ where: { id: userId, accountId }, include: { account: true } });
    if (!user || user.disabled || identity.iat < user.tokensValidFrom) throw unauthorized();
    if (user.account.status !== 'active' || identity.iat < user.account.tokensValidFrom) throw unauthorized();
    const session = await this.prisma.loginSession.findFirst({ where: { id: sessionId, accountId, userId } }).catch(() => null);
    if (!session || session.revokedAt) throw unauthorized();
    return { accountId, userId, username: user.username, sessionId: session.id };
  }
}
