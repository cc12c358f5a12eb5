import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccountAdmin, FleetView, Operators } from '@restgw/accounts';
import { StationAdmin } from '@restgw/control-stations';
import { ApiDoc, badRequest } from '@restgw/platform';
import { CreateAccountDto, CreateUserDto, ListAccountsQueryDto, OperatorLoginDto, PutRegionDto, RegisterRegionDto, ResetPasswordDto } from './admin.dto';
import { auditTarget } from '@restgw/audit';
import { Audited } from '../audit/audited.decorator';
import { AccountIdPipe } from './account-id.pipe';
import { LimitsAdmin } from '@restgw/usage';
import { OperatorGuard } from './operator.guard';
import { KeyScopes } from './api-key-access.decorator';
import { ADMIN_DOCS, ADMIN_LOGIN_DOCS } from './admin.openapi';

@Controller('admin')
export class AdminLoginController {
  constructor(private readonly operators: Operators) {}

  @Post('login')
  @HttpCode(200)
  @ApiDoc(ADMIN_LOGIN_DOCS.login)
  login(@Body() body: OperatorLoginDto, @Ip() clientIp: string) {
    return this.operators.login(body.email, body.password, clientIp);
  }
}

@Controller('admin')
@UseGuards(OperatorGuard)
export class AdminController {
  constructor(
    private readonly admin: AccountAdmin,
    private readonly stations: StationAdmin,
    private readonly limits: LimitsAdmin,
    private readonly fleet: FleetView,
  ) {}

  @KeyScopes('regions:write')
  @Get('regions')
  @ApiDoc(ADMIN_DOCS.listRegions)
  listRegions() {
    return this.admin.listRegions();
  }

  @Audited('region.register', (r) => ({ target: auditTarget({ regionId: (r.body as { id: string }).id }) }))
  @KeyScopes('regions:write')
  @Put('regions')
  @ApiDoc(ADMIN_DOCS.registerRegion)
  registerRegion(@Body() body: RegisterRegionDto) {
    return this.admin.registerRegion(body);
  }

  // The path's id is a region's here, not an account's: name the target explicitly.
  @Audited('region.put', (r) => ({ target: auditTarget({ regionId: r.params.id }) }))
  @KeyScopes('regions:write')
  @Put('regions/:id')
  @ApiDoc(ADMIN_DOCS.putRegion)
  putRegion(@Param('id') id: string, @Body() body: PutRegionDto) {
    if (body.id !== undefined && body.id !== id) throw badRequest(`Body id ${body.id} differs from the path's ${id}`);
    return this.admin.putRegion(id, { url: body.url, status: body.status });
  }

  @KeyScopes('regions:write')
  @Get('regions/:id')
  @ApiDoc(ADMIN_DOCS.getRegion)
  getRegion(@Param('id') id: string) {
    return this.admin.getRegion(id);
  }

  /** The fleet view: the region's gateway replicas and region workers as they report themselves. */
  @Get('regions/:id/instances')
  @ApiDoc(ADMIN_DOCS.regionInstances)
  regionInstances(@Param('id') id: string) {
    return this.fleet.instances(id);
  }

  @Audited('region.delete', (r) => ({ target: auditTarget({ regionId: r.params.id }) }))
  @KeyScopes('regions:write')
  @Delete('regions/:id')
  @HttpCode(204)
  @ApiDoc(ADMIN_DOCS.deleteRegion)
  async deleteRegion(@Param('id') id: string) {
    await this.admin.deleteRegion(id);
  }

  /** Search, filter, sort and page (the console's list); the answer stays an array, X-Total-Count says how many match. */
  @Get('accounts')
  @ApiDoc(ADMIN_DOCS.listAccounts)
  async listAccounts(@Query() q: ListAccountsQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { items, total } = await this.admin.searchAccounts({
      search: q.search,
      status: q.status,
      offset: q.offset === undefined ? undefined : Number(q.offset),
      limit: q.limit === undefined ? undefined : Number(q.limit),
      sort: q.sort,
      order: q.order,
    });
    reply.header('x-total-count', String(total));
    return items;
  }

  @Audited('account.create', (_r, result) => ({ target: auditTarget({ accountId: (result as { id: number }).id }), accountId: (result as { id: number }).id }))
  @Post('accounts')
  @ApiDoc(ADMIN_DOCS.createAccount)
  createAccount(@Body() body: CreateAccountDto) {
    return this.admin.createAccount({ name: body.name, maxTokenMinutes: body.max_token_minutes, maxRefreshMinutes: body.max_refresh_minutes });
  }

  @Get('accounts/:id')
  @ApiDoc(ADMIN_DOCS.getAccount)
  getAccount(@Param('id', AccountIdPipe) id: number) {
    return this.admin.getAccount(id);
  }

  @Audited('account.suspend')
  @Post('accounts/:id/suspend')
  @HttpCode(200)
  @ApiDoc(ADMIN_DOCS.suspend)
  suspend(@Param('id', AccountIdPipe) id: number) {
    return this.admin.setAccountStatus(id, 'suspended');
  }

  @Audited('account.activate')
  @Post('accounts/:id/activate')
  @HttpCode(200)
  @ApiDoc(ADMIN_DOCS.activate)
  activate(@Param('id', AccountIdPipe) id: number) {
    return this.admin.setAccountStatus(id, 'active');
  }

  @Audited('account.enable-region')
  @Put('accounts/:id/regions/:regionId')
  @ApiDoc(ADMIN_DOCS.enableRegion)
  async enableRegion(@Param('id', AccountIdPipe) id: number, @Param('regionId') regionId: string) {
    const account = await this.admin.setRegionEnabled(id, regionId, true);
    await this.stations.publishPolicy(id, regionId, true);
    await this.limits.publishAccount(id);
    return account;
  }

  @Audited('account.disable-region')
  @Delete('accounts/:id/regions/:regionId')
  @ApiDoc(ADMIN_DOCS.disableRegion)
  async disableRegion(@Param('id', AccountIdPipe) id: number, @Param('regionId') regionId: string) {
    const account = await this.admin.setRegionEnabled(id, regionId, false);
    await this.stations.publishPolicy(id, regionId, false);
    return account;
  }

  @Get('accounts/:id/users')
  @ApiDoc(ADMIN_DOCS.listUsers)
  listUsers(@Param('id', AccountIdPipe) id: number) {
    return this.admin.listUsers(id);
  }

  @Audited('user.create', (r) => ({ target: auditTarget({ accountId: r.params.id, username: (r.body as { username: string }).username }), accountId: Number(r.params.id) }))
  @Post('accounts/:id/users')
  @ApiDoc(ADMIN_DOCS.createUser)
  createUser(@Param('id', AccountIdPipe) id: number, @Body() body: CreateUserDto) {
    return this.admin.createUser(id, body);
  }

  @Audited('user.disable')
  @Post('accounts/:id/users/:username/disable')
  @HttpCode(200)
  @ApiDoc(ADMIN_DOCS.disableUser)
  disableUser(@Param('id', AccountIdPipe) id: number, @Param('username') username: string) {
    return this.admin.setUserDisabled(id, username, true);
  }

  @Audited('user.enable')
  @Post('accounts/:id/users/:username/enable')
  @HttpCode(200)
  @ApiDoc(ADMIN_DOCS.enableUser)
  enableUser(@Param('id', AccountIdPipe) id: number, @Param('username') username: string) {
    return this.admin.setUserDisabled(id, username, false);
  }

  @Audited('user.reset-password')
  @Post('accounts/:id/users/:username/password')
  @HttpCode(204)
  @ApiDoc(ADMIN_DOCS.resetPassword)
  resetPassword(@Param('id', AccountIdPipe) id: number, @Param('username') username: string, @Body() body: ResetPasswordDto) {
    return this.admin.resetUserPassword(id, username, body.password);
  }

  @Audited('user.revoke-tokens')
  @Post('accounts/:id/users/:username/revoke-tokens')
  @HttpCode(204)
  @ApiDoc(ADMIN_DOCS.revokeTokens)
  revokeTokens(@Param('id', AccountIdPipe) id: number, @Param('username') username: string) {
    return this.admin.revokeUserTokens(id, username);
  }
}
