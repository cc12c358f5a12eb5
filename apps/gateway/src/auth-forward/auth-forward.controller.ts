import { Controller, Post, Req, Res } from '@nestjs/common';
import { AccessStateMirror } from '@restgw/access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ControlPlaneClient, PublicAuthRoute } from './control-plane.client';
import { AUTH_DOCS } from '@restgw/contracts';
import { ApiDoc } from '@restgw/platform';

/**
 * The control plane's two public token routes, relayed as is so customers
 * need only their region's URL. Exactly these two: any other /auth path is a
 * 404 here, so no path (`/auth/../admin/login`, `/auth/%2e%2e/...`) reaches
 * the control plane's operator or internal routes through the gateway.
 */
@Controller('auth')
export class AuthForwardController {
  constructor(
    private readonly controlPlane: ControlPlaneClient,
    private readonly access: AccessStateMirror,
  ) {}

  @ApiDoc(AUTH_DOCS.authenticate)
  @Post('authenticate')
  authenticate(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward('authenticate', req, reply);
  }

  @ApiDoc(AUTH_DOCS.refreshToken)
  @Post('refreshToken')
  refreshToken(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.forward('refreshToken', req, reply);
  }

  private async forward(route: PublicAuthRoute, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Tokens for a disabled region would be of no use here: 503 like its station routes.
    this.access.assertNotDisabled();
    const res = await this.controlPlane.forward({
      route,
      accountId: (req.query as Record<string, unknown> | undefined)?.accountId,
      body: req.body as Buffer | undefined,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      clientIp: req.ip,
    });
    if (res.contentType) reply.header('content-type', res.contentType);
    if (res.retryAfter) reply.header('retry-after', res.retryAfter);
    reply.status(res.status).send(res.body);
  }
}
