import { Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Tenant, TenantContext, TenantGuard } from '@restgw/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestToken } from '../stations/request-token';
import { handOverOnResponse } from './batch-handover';
import { ConsumeService } from './consume.service';
import { toConsumedMessage } from './consumed-message';

@Controller('stations/:station')
@UseGuards(TenantGuard)
export class ConsumeController {
  constructor(private readonly consume: ConsumeService) {}

  @Post('consume/batch')
  @HttpCode(200)
  async batch(
    @Tenant() tenant: TenantContext,
    @Param('station') station: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const batch = await this.consume.fetch(tenant, station, req.body as Buffer | undefined, requestToken(req));
    // Build the answer first: nothing may fail between hand-over and send.
    const messages = batch.records.map(toConsumedMessage);
    handOverOnResponse(batch, reply.raw);
    return messages;
  }
}
