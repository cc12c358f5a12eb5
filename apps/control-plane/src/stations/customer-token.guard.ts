import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ApiKeys, CustomerKeyIdentity } from '@restgw/accounts';
import { PRISMA, type PrismaClient } from '@restgw/db';
import { ACCESS_AUDIENCE, TenantContext } from '@restgw/contracts';
import { unauthorized } from '@restgw/platform';
import { looksLikeApiKey, parseAccessClaims, tokenFromAuthorization } from '@restgw/tokens';
import { ApiKeyThrottle } from '../admin/api-key-throttle';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';

export interface CustomerRequest {
  ip: string;
  headers: Record<string, string | undefined>;
  tenant?: TenantContext;
  /** Set when the credential was a customer API key: what it may do. */
  customerKey?: CustomerKeyIdentity;
}

/**
 * Verifies a customer's access token the way gateways do (@restgw/tokens),
 * then against the database (the truth) instead of the gateways' mirror:
 * user enabled, account active, not revoked by the user's or account's
 * tokensValidFrom, login session not revoked. A customer API key
 * (`rgw_ck_...`) is checked against the database too (not revoked or
 * expired, account active, created after a suspension). Anything else: 401.
 * Sets `request.tenant` (and `request.customerKey` for a key).
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: OwnTokenVerifier,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly keys: ApiKeys,
    private readonly throttle: ApiKeyThrottle,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<CustomerRequest>();
    const token = tokenFromAuthorization(req.headers.authorization);
    if (token && looksLikeApiKey(token)) {
      this.throttle.assertMayTry(req.ip);
      const key = await this.keys.verifyCustomerKey(token);
      if (!key) {
        await this.throttle.failed(req.ip);
        throw unauthorized();
      }
      req.customerKey = key;
      req.tenant = { accountId: key.accountId, userId: 0, username: `key:${key.prefix}`, sessionId: `key:${key.id}`, apiKeyId: key.id };
      return true;
    }
    req.tenant = await this.verify(token);
    return true;
  }

  private async verify(token: string | null): Promise<TenantContext> {
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
