import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { forbidden, unauthorized } from '@restgw/platform';
import type { FastifyRequest } from 'fastify';
import { TenantContext } from '@restgw/contracts';
import { AccessStateMirror } from './access-state.mirror';
import { GATEWAY_JWT, TOKEN_ON_REQUEST } from './gateway-jwt.strategy';
import { extractToken } from '@restgw/tokens';
import { VerifiedToken } from './verified-token';
import { VerifiedTokenCache } from './verified-token.cache';

export const TENANT_ON_REQUEST = Symbol('restgw.tenant');

type GuardedRequest = FastifyRequest & { [TENANT_ON_REQUEST]?: TenantContext; [TOKEN_ON_REQUEST]?: string; user?: unknown };

/**
 * Authenticates gateway requests: verified-token cache first, passport-jwt
 * only on a miss; then revocation (401), region enablement (403) and the
 * `accountId` query parameter (403 when it names another account).
 */
@Injectable()
export class TenantGuard extends AuthGuard(GATEWAY_JWT) implements CanActivate {
  constructor(
    private readonly cache: VerifiedTokenCache,
    private readonly access: AccessStateMirror,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const query = req.query as Record<string, unknown> | undefined;
    const token = extractToken(req.headers.authorization, query?.authorization);
    if (!token) throw unauthorized();

    let verified = this.cache.get(token, Date.now());
    if (!verified) {
      req[TOKEN_ON_REQUEST] = token;
      await super.canActivate(context);
      verified = req.user as VerifiedToken;
      this.cache.set(token, verified);
    }

    const decision = this.access.decide(verified);
    if (decision === 'revoked') throw unauthorized();
    if (decision === 'region-disabled') throw forbidden('Account is not enabled in this region');
    assertSameAccount(verified.tenant, query?.accountId);
    req[TENANT_ON_REQUEST] = verified.tenant;
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw unauthorized();
    return user;
  }
}

/**
 * A request field naming an account (query `accountId`, body `account_id`) must
 * be the token's: else 403. Account 0 names none (Memphis treats 0 as absent).
 */
export function assertSameAccount(tenant: TenantContext, named: unknown): void {
  if (named === undefined || named === null || named === '') return;
  const values = Array.isArray(named) ? named : [named];
  for (const v of values) {
    if (v === 0 || v === '0') continue;
    if (String(v) !== String(tenant.accountId)) throw forbidden('The account id does not match the token');
  }
}
