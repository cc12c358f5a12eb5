import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, forbidden, setRequestAccount, tokenCacheLookups, unauthorized } from '@restgw/platform';
import type { FastifyRequest } from 'fastify';
import { TenantContext } from '@restgw/contracts';
import { extractToken } from '@restgw/tokens';
import { AccessStateMirror } from './access-state.mirror';
import { AccessTokenVerifier } from './access-token.verifier';
import { VerifiedTokenCache } from './verified-token.cache';

export const TENANT_ON_REQUEST = Symbol('restgw.tenant');
const ACCESS_STATE_RETRY_AFTER_SECONDS = 1;

type GuardedRequest = FastifyRequest & { [TENANT_ON_REQUEST]?: TenantContext };

/**
 * Authenticates gateway requests: verified-token cache first, the signature
 * check only on a miss; then revocation (401), region enablement (403) and the
 * `accountId` query parameter (403 when it names another account); 503 while
 * the access state was never loaded, and while the region is disabled.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly cache: VerifiedTokenCache,
    private readonly verifier: AccessTokenVerifier,
    private readonly access: AccessStateMirror,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // A disabled region serves nobody, whatever the credential.
    this.access.assertNotDisabled();
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const query = req.query as Record<string, unknown> | undefined;
    const token = extractToken(req.headers.authorization, query?.authorization);
    if (!token) throw unauthorized();

    let verified = this.cache.get(token, Date.now());
    tokenCacheLookups.inc({ result: verified ? 'hit' : 'miss' });
    if (!verified) {
      const checked = await this.verifier.verify(token);
      if (!checked) throw unauthorized();
      this.cache.set(token, checked);
      verified = checked;
    }

    const decision = this.access.decide(verified);
    // Never read yet (the store has no published state since this gateway started): not a refusal.
    if (decision === 'unknown') throw new DomainError(ErrorCode.Unavailable, 'The access state is not loaded yet; retry later', ACCESS_STATE_RETRY_AFTER_SECONDS);
    if (decision === 'revoked') throw unauthorized();
    if (decision === 'region-disabled') throw forbidden('Account is not enabled in this region');
    assertSameAccount(verified.tenant, query?.accountId);
    req[TENANT_ON_REQUEST] = verified.tenant;
    setRequestAccount(verified.tenant.accountId);
    return true;
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
