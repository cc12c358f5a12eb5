import { Controller, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { StationScope, Tenant, TenantGuard } from '@restgw/access';
import { TenantContext } from '@restgw/contracts';
import { requestToken } from '../stations/request-token';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProduceRequest, ProduceService } from './produce.service';
import { ApiDoc } from '@restgw/platform';
import { PRODUCE_DOCS } from './produce.openapi';

const OK = { error: null, success: true } as const;

const produceRequest = (station: string, req: FastifyRequest): ProduceRequest => ({
  station,
  contentType: req.headers['content-type'],
  body: req.body as Buffer | undefined,
  rawHeaders: req.raw.rawHeaders,
  token: requestToken(req),
});

@Controller('stations/:station')
@UseGuards(TenantGuard)
@StationScope('produce')
export class ProduceController {
  constructor(private readonly produce: ProduceService) {}

  @ApiDoc(PRODUCE_DOCS.single)
  @Post('produce/single')
  @HttpCode(200)
  async single(@Tenant() tenant: TenantContext, @Param('station') station: string, @Req() req: FastifyRequest) {
    await this.produce.single(tenant, produceRequest(station, req));
    return OK;
  }

  @ApiDoc(PRODUCE_DOCS.batch)
  @Post('produce/batch')
  @HttpCode(200)
  async batch(
    @Tenant() tenant: TenantContext,
    @Param('station') station: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.produce.batch(tenant, produceRequest(station, req));
    if (outcome.ok) return OK;
    reply.status(400);
    return { errors: outcome.errors, fail: outcome.fail, sent: outcome.sent, success: false };
  }
}
