import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditLog, auditTarget } from '@restgw/audit';
import type { OperatorKeyIdentity } from '@restgw/accounts';
import type { AuditActor } from '@restgw/audit';
import type { OperatorIdentity } from '@restgw/tokens';
import { mergeMap, Observable } from 'rxjs';
import { AUDITED, AuditedRoute } from './audited.decorator';

interface AdminRequest {
  method: string;
  params?: Record<string, string>;
  body?: unknown;
  operator?: OperatorIdentity;
  apiKey?: OperatorKeyIdentity;
  viaConsoleSession?: boolean;
  routeOptions?: { url?: string };
}

const READ = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The operator, or the operator API key (by id, display prefix and name: never the key), that made the request. */
function actorOf(req: AdminRequest): AuditActor | null {
  if (req.operator) return { type: 'operator', id: String(req.operator.id), label: req.operator.email };
  if (req.apiKey) return { type: 'api-key', id: req.apiKey.id, label: `${req.apiKey.prefix}... (${req.apiKey.name})` };
  return null;
}

/** The target named by an admin route's path parameters (the names every admin controller uses). */
function targetFromPath(params: Record<string, string>): { target: string; accountId?: number } {
  const accountId = params.id !== undefined && /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  return {
    accountId,
    target: auditTarget({
      accountId: params.id,
      regionId: params.regionId,
      username: params.username,
      station: params.region !== undefined && params.name !== undefined ? { regionId: params.region, name: params.name } : undefined,
      schemaId: params.schemaId,
    }),
  };
}

/**
 * Records every mutating admin request an operator made, once, after its use
 * case succeeded and before the answer leaves (a failed write fails the
 * request, so no change is answered as done without its entry). Global, so a
 * new mutating admin route is recorded even before it gets an @Audited name
 * (its action is then "<METHOD> <route>"); routes without an operator or operator key (login,
 * customers' routes) are not admin actions.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AdminRequest>();
    const route = this.reflector.get<AuditedRoute | undefined>(AUDITED, ctx.getHandler());
    const actor = actorOf(req);
    if (!actor || (!route && READ.has(req.method))) return next.handle();
    return next.handle().pipe(
      mergeMap(async (result) => {
        const params = req.params ?? {};
        const { target, accountId } = route?.target ? route.target({ params, body: req.body }, result) : targetFromPath(params);
        await this.audit.record({
          actor,
          source: req.viaConsoleSession ? 'console' : 'api',
          action: route?.action ?? `${req.method} ${req.routeOptions?.url ?? 'unknown'}`,
          target,
          accountId,
          summary: req.body !== null && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {},
        });
        return result;
      }),
    );
  }
}
