import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { unauthorized } from '@restgw/platform';
import { TenantContext } from '@restgw/contracts';
import { TENANT_ON_REQUEST } from './tenant.guard';

/** The caller's TenantContext, set by TenantGuard; the only source of the account id. */
export const Tenant = createParamDecorator((_data: unknown, ctx: ExecutionContext): TenantContext => {
  const tenant = ctx.switchToHttp().getRequest()[TENANT_ON_REQUEST] as TenantContext | undefined;
  if (!tenant) throw unauthorized();
  return tenant;
});
