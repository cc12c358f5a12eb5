import { Body, Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import { normalizeName } from '@restgw/contracts';
import type { FastifyReply } from 'fastify';
import { StationAdmin } from '@restgw/control-stations';
import { ApiDoc, forbidden } from '@restgw/platform';
import { stationAllowed } from '@restgw/tokens';
import { CustomerRequest, CustomerTokenGuard } from './customer-token.guard';
import { ImplicitStationDto } from './stations.dto';
import { IMPLICIT_STATION_DOCS } from './stations.openapi';

/**
 * For gateways meeting an unknown station: called with the customer's own
 * access token (or customer API key, whose station patterns apply here
 * too), so the account always comes from a verified credential.
 * 201 created, 200 existing (body: StationView), 404 policy or deleted,
 * 403 account not enabled in the region or quota reached.
 */
@Controller('internal/stations')
@UseGuards(CustomerTokenGuard)
export class ImplicitStationsController {
  constructor(private readonly stations: StationAdmin) {}

  @Post('implicit')
  @ApiDoc(IMPLICIT_STATION_DOCS.implicit)
  async implicit(@Req() req: CustomerRequest, @Body() body: ImplicitStationDto, @Res() reply: FastifyReply): Promise<void> {
    const tenant = req.tenant!;
    if (req.customerKey && !stationAllowed(req.customerKey.stations, normalizeName(body.station) ?? body.station)) {
      throw forbidden('This API key is not allowed on this station');
    }
    const { created, view } = await this.stations.implicitStation(tenant.accountId, body.region_id, body.station);
    await reply.status(created ? 201 : 200).send(view);
  }
}
