import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import { StationAdmin } from '@restgw/control-stations';
import { auditTarget } from '@restgw/audit';
import { Audited } from '../audit/audited.decorator';
import { AccountIdPipe } from '../admin/account-id.pipe';
import { OperatorGuard } from '../admin/operator.guard';
import { AddSchemaVersionDto, AttachSchemaDto, CreateSchemaDto, CreateStationDto, StationPolicyDto, UpdateStationDto } from './stations.dto';
import { ApiDoc } from '@restgw/platform';
import { STATIONS_DOCS } from './stations.openapi';

/** Operators' station, schema and station-policy routes; every one is scoped by the account in the path. */
@Controller('admin/accounts/:id')
@UseGuards(OperatorGuard)
export class StationsController {
  constructor(private readonly stations: StationAdmin) {}

  @Audited('station.create', (r) => {
    const b = r.body as { region_id: string; name: string };
    return { target: auditTarget({ accountId: r.params.id, station: { regionId: b.region_id, name: b.name } }), accountId: Number(r.params.id) };
  })
  @Post('stations')
  @ApiDoc(STATIONS_DOCS.create)
  create(@Param('id', AccountIdPipe) id: number, @Body() b: CreateStationDto) {
    return this.stations.createStation({
      accountId: id,
      regionId: b.region_id,
      name: b.name,
      partitions: b.partitions,
      retentionMs: b.retention_ms,
      retentionBytes: b.retention_bytes,
      maxMessageBytes: b.max_message_bytes,
      schemaId: b.schema_id,
    });
  }

  @Get('stations')
  @ApiDoc(STATIONS_DOCS.list)
  list(@Param('id', AccountIdPipe) id: number) {
    return this.stations.listStations(id);
  }

  @Get('stations/:region/:name')
  @ApiDoc(STATIONS_DOCS.get)
  get(@Param('id', AccountIdPipe) id: number, @Param('region') region: string, @Param('name') name: string) {
    return this.stations.getStation(id, region, name);
  }

  @Audited('station.update')
  @Patch('stations/:region/:name')
  @ApiDoc(STATIONS_DOCS.update)
  update(@Param('id', AccountIdPipe) id: number, @Param('region') region: string, @Param('name') name: string, @Body() b: UpdateStationDto) {
    return this.stations.updateStation(id, region, name, {
      partitions: b.partitions,
      retentionMs: b.retention_ms,
      retentionBytes: b.retention_bytes,
      maxMessageBytes: b.max_message_bytes,
    });
  }

  @Audited('station.delete')
  @Delete('stations/:region/:name')
  @ApiDoc(STATIONS_DOCS.remove)
  remove(@Param('id', AccountIdPipe) id: number, @Param('region') region: string, @Param('name') name: string) {
    return this.stations.deleteStation(id, region, name);
  }

  @Audited('station.attach-schema')
  @Put('stations/:region/:name/schema')
  @ApiDoc(STATIONS_DOCS.attach)
  attach(@Param('id', AccountIdPipe) id: number, @Param('region') region: string, @Param('name') name: string, @Body() b: AttachSchemaDto) {
    return this.stations.attachSchema(id, region, name, b.schema_id);
  }

  @Audited('station.detach-schema')
  @Delete('stations/:region/:name/schema')
  @ApiDoc(STATIONS_DOCS.detach)
  detach(@Param('id', AccountIdPipe) id: number, @Param('region') region: string, @Param('name') name: string) {
    return this.stations.detachSchema(id, region, name);
  }

  @Audited('schema.create', (r, result) => ({ target: auditTarget({ accountId: r.params.id, schemaId: (result as { id: string }).id }), accountId: Number(r.params.id) }))
  @Post('schemas')
  @ApiDoc(STATIONS_DOCS.createSchema)
  createSchema(@Param('id', AccountIdPipe) id: number, @Body() b: CreateSchemaDto) {
    return this.stations.createSchema({ accountId: id, name: b.name, type: b.type, definition: b.definition, messageType: b.message_type });
  }

  @Audited('schema.add-version')
  @Post('schemas/:schemaId/versions')
  @ApiDoc(STATIONS_DOCS.addVersion)
  addVersion(@Param('id', AccountIdPipe) id: number, @Param('schemaId') schemaId: string, @Body() b: AddSchemaVersionDto) {
    return this.stations.addSchemaVersion(id, schemaId, { definition: b.definition, messageType: b.message_type });
  }

  @Get('schemas')
  @ApiDoc(STATIONS_DOCS.listSchemas)
  listSchemas(@Param('id', AccountIdPipe) id: number) {
    return this.stations.listSchemas(id);
  }

  @Get('schemas/:schemaId')
  @ApiDoc(STATIONS_DOCS.getSchema)
  getSchema(@Param('id', AccountIdPipe) id: number, @Param('schemaId') schemaId: string) {
    return this.stations.getSchema(id, schemaId);
  }

  @Get('station-policy')
  @ApiDoc(STATIONS_DOCS.getPolicy)
  getPolicy(@Param('id', AccountIdPipe) id: number) {
    return this.stations.getStationPolicy(id);
  }

  @Audited('account.station-policy')
  @Put('station-policy')
  @HttpCode(200)
  @ApiDoc(STATIONS_DOCS.setPolicy)
  setPolicy(@Param('id', AccountIdPipe) id: number, @Body() b: StationPolicyDto) {
    return this.stations.setStationPolicy(id, { autoCreate: b.auto_create, stationQuota: b.station_quota });
  }
}
