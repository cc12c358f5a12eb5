import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentRequestContext, dependencyErrors, DomainError, ErrorCode, REQUEST_ID_HEADER } from '@restgw/platform';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

/** The control plane's public token routes (API.md), the only ones the gateway relays. */
export type PublicAuthRoute = 'authenticate' | 'refreshToken';

export interface ForwardRequest {
  route: PublicAuthRoute;
  /** `?accountId=` as parsed (authenticate's account resolution); the only query parameter relayed. */
  accountId: unknown;
  body: Buffer | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  clientIp: string;
}

export interface ForwardedResponse {
  status: number;
  body: Buffer;
  contentType: string | null;
  retryAfter: string | null;
}

const RETRY_AFTER_SECONDS = 5;

/**
 * Relays the public token routes to the control plane so customers need only
 * their region's URL. The upstream URL is built from the route's fixed path
 * and the re-encoded `accountId`, never from the request's path.
 */
@Injectable()
export class ControlPlaneClient {
  private readonly logger = new Logger('ControlPlaneClient');
  private readonly base: string;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.base = config.CONTROL_PLANE_URL.replace(/\/+$/, '');
  }

  async forward(req: ForwardRequest): Promise<ForwardedResponse> {
    const headers: Record<string, string> = { 'x-forwarded-for': req.clientIp };
    if (req.contentType) headers['content-type'] = req.contentType;
    if (req.authorization) headers.authorization = req.authorization;
    // The control plane logs the same request id: one search finds both apps' lines.
    const ctx = currentRequestContext();
    if (ctx) headers[REQUEST_ID_HEADER] = ctx.requestId;
    const url = upstreamUrl(this.base, req.route, req.accountId);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: req.body !== undefined && req.body.length > 0 ? req.body : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.CONTROL_PLANE_TIMEOUT_MS),
      });
      return {
        status: res.status,
        body: Buffer.from(await res.arrayBuffer()),
        contentType: res.headers.get('content-type'),
        retryAfter: res.headers.get('retry-after'),
      };
    } catch (e) {
      dependencyErrors.inc({ dependency: 'control_plane' });
      this.logger.warn(`control plane unreachable for /auth/${req.route}: ${(e as Error).message}`);
      throw new DomainError(ErrorCode.Unavailable, 'The control plane is unavailable; retry later', RETRY_AFTER_SECONDS);
    }
  }
}

export function upstreamUrl(base: string, route: PublicAuthRoute, accountId: unknown): string {
  const url = new URL(`${base}/auth/${route}`);
  const values = Array.isArray(accountId) ? accountId : [accountId];
  for (const v of values) if (typeof v === 'string') url.searchParams.append('accountId', v);
  return url.toString();
}
