import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeys, OperatorKeyIdentity, OperatorSessions } from '@restgw/accounts';
import { ADMIN_AUDIENCE } from '@restgw/contracts';
import { forbidden, unauthorized } from '@restgw/platform';
import { looksLikeApiKey, OperatorIdentity, parseOperatorClaims, tokenFromAuthorization } from '@restgw/tokens';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, isCrossSite, sessionSecretFrom } from '../console/session-cookie';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';
import { KEY_SCOPES, LOGIN_ONLY } from './api-key-access.decorator';
import { ApiKeyThrottle } from './api-key-throttle';

const READ = new Set(['GET', 'HEAD']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AdminRequest = FastifyRequest & {
  operator?: OperatorIdentity;
  apiKey?: OperatorKeyIdentity;
  /** Signed in through the console's session cookie (audited with source `console`). */
  viaConsoleSession?: boolean;
};

/**
 * Admin routes need an operator: an operator token (audience restgw-admin;
 * application users' tokens are refused), an operator API key (`rgw_op_...`)
 * whose scopes cover the route: `admin:read` for reads, `admin:write` for
 * changes, or a scope the route names (@KeyScopes); else 403. Unknown, revoked
 * or expired keys: 401, counted per client address (429 once over
 * API_KEY_MAX_FAILURES). Without an Authorization header, the console's
 * session cookie: a change made with it must also carry the session's CSRF
 * token header and must not come from another site (403).
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(
    private readonly tokens: OwnTokenVerifier,
    private readonly keys: ApiKeys,
    private readonly throttle: ApiKeyThrottle,
    private readonly reflector: Reflector,
    private readonly sessions: OperatorSessions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AdminRequest>();
    if (req.headers.authorization === undefined) return this.viaSession(req);
    const token = tokenFromAuthorization(req.headers.authorization);
    if (token && looksLikeApiKey(token)) {
      req.apiKey = await this.verifyKey(token, req.ip);
      this.assertScopes(ctx, req.method, req.apiKey);
      return true;
    }
    const claims = token && (await this.tokens.verify(token, ADMIN_AUDIENCE));
    const operator = claims && parseOperatorClaims(claims);
    if (!operator) throw unauthorized();
    req.operator = operator;
    return true;
  }

  private async viaSession(req: AdminRequest): Promise<boolean> {
    const secret = sessionSecretFrom(req.headers.cookie);
    const session = secret === undefined ? null : await this.sessions.resolve(secret);
    if (!session || secret === undefined) throw unauthorized();
    if (!SAFE_METHODS.has(req.method)) {
      if (isCrossSite(req)) throw forbidden('Cross-site request refused');
      const sent = req.headers[CSRF_HEADER];
      if (!this.sessions.csrfMatches(secret, typeof sent === 'string' ? sent : undefined)) {
        throw forbidden(`CSRF check failed: a change made with the console's session needs its ${CSRF_HEADER} header`);
      }
    }
    req.operator = session.operator;
    req.viaConsoleSession = true;
    return true;
  }

  private async verifyKey(key: string, clientIp: string): Promise<OperatorKeyIdentity> {
    this.throttle.assertMayTry(clientIp);
    const identity = await this.keys.verifyOperatorKey(key);
    if (!identity) {
      await this.throttle.failed(clientIp);
      throw unauthorized();
    }
    return identity;
  }

  private assertScopes(ctx: ExecutionContext, method: string, key: OperatorKeyIdentity): void {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(LOGIN_ONLY, targets)) throw forbidden('API keys cannot manage operator API keys; log in as an operator');
    const sufficient = [READ.has(method) ? 'admin:read' : 'admin:write', ...(this.reflector.getAllAndOverride<string[]>(KEY_SCOPES, targets) ?? [])];
    if (!sufficient.some((s) => key.scopes.includes(s))) throw forbidden(`This API key lacks the scope for this route (one of: ${sufficient.join(', ')})`);
  }
}
