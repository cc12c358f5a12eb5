import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { TenantContext } from '@restgw/contracts';
import type { FastifyReply } from 'fastify';
import { StationAdmin } from '@restgw/control-stations';
import { CustomerTokenGuard } from './customer-token.guard';
import { ImplicitStationDto } from './stations.dto';

/**
 * For gateways meeting an unknown station: called with the customer's own
 * access token, so the account always comes from a verified token.
 * 201 created, 200 existing (body: StationView), 404 policy or deleted,
 * 403 account not enabled in the region or quota reached.
 */
@Controller('internal/stations')
@UseGuards(CustomerTokenGuard)
export class ImplicitStationsController {
  constructor(private readonly stations: StationAdmin) {}

  @Post('implicit')
  async implicit(@Req() req: { tenant: TenantContext }, @Body() body: ImplicitStationDto, @Res() reply: FastifyReply): Promise<void> {
    const tenant = req.tenant;
    const { created, view } = await this.stations.implicitStation(tenant.accountId, body.region_id, body.station);
    await reply.status(created ? 201 : 200).send(view);
  }
}
