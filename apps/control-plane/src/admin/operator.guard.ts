import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeys, OperatorKeyIdentity } from '@restgw/accounts';
import { ADMIN_AUDIENCE } from '@restgw/contracts';
import { forbidden, unauthorized } from '@restgw/platform';
import { looksLikeApiKey, OperatorIdentity, parseOperatorClaims, tokenFromAuthorization } from '@restgw/tokens';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';
import { KEY_SCOPES, LOGIN_ONLY } from './api-key-access.decorator';
import { ApiKeyThrottle } from './api-key-throttle';

const READ = new Set(['GET', 'HEAD']);

export interface AdminRequest {
  method: string;
  ip: string;
  headers: Record<string, string | undefined>;
  operator?: OperatorIdentity;
  apiKey?: OperatorKeyIdentity;
}

/**
 * Admin routes need an operator: an operator token (audience restgw-admin;
 * application users' tokens are refused) or an operator API key
 * (`rgw_op_...`) whose scopes cover the route: `admin:read` for reads,
 * `admin:write` for changes, or a scope the route names (@KeyScopes); else
 * 403. Unknown, revoked or expired keys: 401, counted per client address
 * (429 once over API_KEY_MAX_FAILURES).
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(
    private readonly tokens: OwnTokenVerifier,
    private readonly keys: ApiKeys,
    private readonly throttle: ApiKeyThrottle,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AdminRequest>();
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
