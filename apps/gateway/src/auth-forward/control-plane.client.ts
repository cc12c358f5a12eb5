import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentRequestContext, dependencyErrors, DomainError, ErrorCode, REQUEST_ID_HEADER } from '@restgw/platform';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

export interface ForwardRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/auth/authenticate?accountId=3`. */
  url: string;
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

/** Relays /auth/* to the control plane so customers need only their region's URL. */
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
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== undefined && req.body.length > 0;
    try {
      const res = await fetch(`${this.base}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? req.body : undefined,
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
      this.logger.warn(`control plane unreachable for ${req.method} ${req.url.split('?')[0]}: ${(e as Error).message}`);
      throw new DomainError(ErrorCode.Unavailable, 'The control plane is unavailable; retry later', RETRY_AFTER_SECONDS);
    }
  }
}
