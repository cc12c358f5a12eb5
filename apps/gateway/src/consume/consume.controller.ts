import { Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { StationScope, Tenant, TenantGuard } from '@restgw/access';
import { TenantContext } from '@restgw/contracts';
import { ApiDoc, conflict } from '@restgw/platform';
import { CONSUME_DOCS } from './consume.openapi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { markRelayed } from '../limits/request-metering';
import { requestToken } from '../stations/request-token';
import { clientGoneSignal, handOverOnResponse } from './batch-handover';
import { BATCH_ID_HEADER, ForwardedAnswer, hopsOf } from './consume-forwarder';
import { CallContext, ConsumeService } from './consume.service';
import { toConsumedMessage } from './consumed-message';

@Controller('stations/:station')
@UseGuards(TenantGuard)
@StationScope('consume')
export class ConsumeController {
  constructor(private readonly consume: ConsumeService) {}

  @ApiDoc(CONSUME_DOCS.batch)
  @Post('consume/batch')
  async batch(@Tenant() tenant: TenantContext, @Param('station') station: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const answer = await this.consume.fetch(tenant, station, req.body as Buffer | undefined, callContext(req, reply));
    if (answer.remote) return relay(req, reply, answer.remote);
    const delivery = answer.local;
    // Build the answer first: nothing may fail between hand-over and send.
    const messages = delivery.records.map(toConsumedMessage);
    if (delivery.id) reply.header(BATCH_ID_HEADER, delivery.id);
    handOverOnResponse(delivery, reply.raw);
    return reply.status(200).send(messages);
  }

  /** Explicit acknowledgement (README "Delivery guarantee"); asking again acknowledges too. */
  @ApiDoc(CONSUME_DOCS.ack)
  @Post('consume/ack')
  async ack(@Tenant() tenant: TenantContext, @Param('station') station: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const answer = await this.consume.ack(tenant, station, req.body as Buffer | undefined, callContext(req, reply));
    if (answer.remote) return relay(req, reply, answer.remote);
    if (answer.local === 0) {
      throw conflict('No batch of this consumer is in flight: it was acknowledged already, or its visibility timeout lapsed and it is delivered again');
    }
    return reply.status(200).send({ error: null, success: true, acknowledged: answer.local });
  }
}

function callContext(req: FastifyRequest, reply: FastifyReply): CallContext {
  return { token: requestToken(req), hops: hopsOf(req.headers), clientGone: clientGoneSignal(reply.raw) };
}

function relay(req: FastifyRequest, reply: FastifyReply, answer: ForwardedAnswer): FastifyReply {
  markRelayed(req);
  return reply.status(answer.status).headers(answer.headers).send(answer.body);
}
