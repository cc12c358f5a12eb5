import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ADMIN_AUDIENCE } from '@restgw/contracts';
import { OwnTokenVerifier } from '../tokens/own-token.verifier';

/** Admin routes need an operator token (audience restgw-admin); application users' tokens are refused. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly tokens: OwnTokenVerifier) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; operator?: unknown }>();
    const payload = await this.tokens.verify(req.headers.authorization, ADMIN_AUDIENCE);
    req.operator = { id: Number(payload.sub), email: payload.email };
    return true;
  }
}
