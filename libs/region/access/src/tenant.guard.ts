import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, forbidden, setRequestAccount, tokenCacheLookups, unauthorized } from '@restgw/platform';
import type { FastifyRequest } from 'fastify';
import { normalizeName, TenantContext } from '@restgw/contracts';
import { FailureThrottle } from '@restgw/state';
import { apiKeyKind, extractToken, hashApiKey, looksLikeApiKey, stationAllowed } from '@restgw/tokens';
import { AccessStateMirror } from './access-state.mirror';
import { AccessTokenVerifier } from './access-token.verifier';
import { STATION_SCOPE } from './station-scope.decorator';
import { VerifiedTokenCache } from './verified-token.cache';

/** The bad-API-key throttle of this gateway (FailureThrottle on the region's shared store). */
export const API_KEY_THROTTLE = Symbol('restgw.api-key-throttle');

export const TENANT_ON_REQUEST = Symbol('restgw.tenant');
const ACCESS_STATE_RETRY_AFTER_SECONDS = 1;

type GuardedRequest = FastifyRequest & { [TENANT_ON_REQUEST]?: TenantContext };

const notLoaded = () => new DomainError(ErrorCode.Unavailable, 'The access state is not loaded yet; retry later', ACCESS_STATE_RETRY_AFTER_SECONDS);

/**
 * Authenticates gateway requests: verified-token cache first, the signature
 * check only on a miss; then revocation (401), region enablement (403) and the
 * `accountId` query parameter (403 when it names another account); 503 while
 * the access state was never loaded, and while the region is disabled. A
 * customer API key (`rgw_ck_...`, in the same places as a token) is looked
 * up by its hash in the access mirror (no call to anything), then its scope
 * for the route (@StationScope) and its station patterns (403); bad keys are
 * counted per client address (429 once over the throttle's limit).
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly cache: VerifiedTokenCache,
    private readonly verifier: AccessTokenVerifier,
    private readonly access: AccessStateMirror,
    private readonly reflector: Reflector,
    @Inject(API_KEY_THROTTLE) private readonly keyThrottle: FailureThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // A disabled region serves nobody, whatever the credential.
    this.access.assertNotDisabled();
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const query = req.query as Record<string, unknown> | undefined;
    const token = extractToken(req.headers.authorization, query?.authorization);
    if (!token) throw unauthorized();
    if (looksLikeApiKey(token)) return this.admitApiKey(context, req, token, query);

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
    if (decision === 'unknown') throw notLoaded();
    if (decision === 'revoked') throw unauthorized();
    if (decision === 'region-disabled') throw forbidden('Account is not enabled in this region');
    assertSameAccount(verified.tenant, query?.accountId);
    req[TENANT_ON_REQUEST] = verified.tenant;
    setRequestAccount(verified.tenant.accountId);
    return true;
  }

  private async admitApiKey(context: ExecutionContext, req: GuardedRequest, key: string, query: Record<string, unknown> | undefined): Promise<boolean> {
    const wait = this.keyThrottle.retryAfterSeconds(req.ip);
    if (wait !== null) throw tooManyKeyFailures(wait);
    const decided = apiKeyKind(key) === 'customer' ? this.access.decideKey(hashApiKey(key)) : { decision: 'unknown' as const };
    if (decided === 'not-loaded') throw notLoaded();
    if (decided.decision === 'unknown') {
      const blocked = await this.keyThrottle.failed(req.ip);
      if (blocked !== null) throw tooManyKeyFailures(blocked);
      throw unauthorized();
    }
    if (decided.decision === 'region-disabled') throw forbidden('Account is not enabled in this region');
    const view = decided.key;
    const scope = this.reflector.getAllAndOverride<string | undefined>(STATION_SCOPE, [context.getHandler(), context.getClass()]);
    if (!scope || !view.scopes.includes(scope)) throw forbidden(`This API key lacks the ${scope ?? 'required'} scope`);
    const station = normalizeName(String((req.params as Record<string, string> | undefined)?.station ?? ''));
    // An invalid name is the route's 400; a valid one must match a pattern of the key.
    if (station !== null && !stationAllowed(view.stations, station)) throw forbidden('This API key is not allowed on this station');
    const tenant: TenantContext = { accountId: view.account_id, userId: 0, username: `key:${view.prefix}`, sessionId: `key:${view.id}`, apiKeyId: view.id };
    assertSameAccount(tenant, query?.accountId);
    req[TENANT_ON_REQUEST] = tenant;
    setRequestAccount(tenant.accountId);
    return true;
  }
}

const tooManyKeyFailures = (retryAfterSeconds: number) =>
  new DomainError(ErrorCode.TooManyRequests, 'Too many failed API-key attempts from this address; retry later', retryAfterSeconds);

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
