import { SetMetadata } from '@nestjs/common';

export interface AuditedRequest {
  params: Record<string, string>;
  body: unknown;
}

/** How a route names its action and, when the path alone does not say it (creations), its target. */
export interface AuditedRoute {
  action: string;
  /** The target and account from the request and the use case's result; default: from the path parameters. */
  target?: (req: AuditedRequest, result: unknown) => { target: string; accountId?: number };
}

export const AUDITED = 'restgw:audited';

/** Names a mutating admin route's audit action (the same name the CLI command records). */
export const Audited = (action: string, target?: AuditedRoute['target']) => SetMetadata(AUDITED, { action, target } satisfies AuditedRoute);
