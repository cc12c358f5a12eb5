import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ControlPlaneClient } from './control-plane.client';

/** /auth/* (authenticate, refreshToken, ...) answered by the control plane, relayed as is. */
@Controller('auth')
export class AuthForwardController {
  constructor(private readonly controlPlane: ControlPlaneClient) {}

  @All('*')
  async forward(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const res = await this.controlPlane.forward({
      method: req.method,
      url: req.url,
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
