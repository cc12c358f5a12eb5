import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ADMIN_AUDIENCE } from '@restgw/contracts';
import { unauthorized } from '@restgw/platform';
import { OperatorIdentity, parseOperatorClaims, tokenFromAuthorization } from '@restgw/tokens';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';

/** Admin routes need an operator token (audience restgw-admin); application users' tokens are refused. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly tokens: OwnTokenVerifier) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; operator?: OperatorIdentity }>();
    const token = tokenFromAuthorization(req.headers.authorization);
    const claims = token && (await this.tokens.verify(token, ADMIN_AUDIENCE));
    const operator = claims && parseOperatorClaims(claims);
    if (!operator) throw unauthorized();
    req.operator = operator;
    return true;
  }
}
