import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, UseGuards } from '@nestjs/common';
import { AccountAdmin, Operators } from '@restgw/accounts';
import { StationAdmin } from '@restgw/control-stations';
import { badRequest } from '@restgw/platform';
import { CreateAccountDto, CreateUserDto, OperatorLoginDto, PutRegionDto, RegisterRegionDto } from './admin.dto';
import { OperatorGuard } from './operator.guard';

@Controller('admin')
export class AdminLoginController {
  constructor(private readonly operators: Operators) {}

  @Post('login')
  @HttpCode(200)
  login(@Body() body: OperatorLoginDto) {
    return this.operators.login(body.email, body.password);
  }
}

@Controller('admin')
@UseGuards(OperatorGuard)
export class AdminController {
  constructor(
    private readonly admin: AccountAdmin,
    private readonly stations: StationAdmin,
  ) {}

  @Get('regions')
  listRegions() {
    return this.admin.listRegions();
  }

  @Put('regions')
  registerRegion(@Body() body: RegisterRegionDto) {
    return this.admin.registerRegion(body);
  }

  @Put('regions/:id')
  putRegion(@Param('id') id: string, @Body() body: PutRegionDto) {
    if (body.id !== undefined && body.id !== id) throw badRequest(`Body id ${body.id} differs from the path's ${id}`);
    return this.admin.putRegion(id, { url: body.url, status: body.status });
  }

  @Get('regions/:id')
  getRegion(@Param('id') id: string) {
    return this.admin.getRegion(id);
  }

  @Delete('regions/:id')
  @HttpCode(204)
  async deleteRegion(@Param('id') id: string) {
    await this.admin.deleteRegion(id);
  }

  @Get('accounts')
  listAccounts() {
    return this.admin.listAccounts();
  }

  @Post('accounts')
  createAccount(@Body() body: CreateAccountDto) {
    return this.admin.createAccount({ name: body.name, maxTokenMinutes: body.max_token_minutes, maxRefreshMinutes: body.max_refresh_minutes });
  }

  @Get('accounts/:id')
  getAccount(@Param('id', ParseIntPipe) id: number) {
    return this.admin.getAccount(id);
  }

  @Post('accounts/:id/suspend')
  @HttpCode(200)
  suspend(@Param('id', ParseIntPipe) id: number) {
    return this.admin.setAccountStatus(id, 'suspended');
  }

  @Post('accounts/:id/activate')
  @HttpCode(200)
  activate(@Param('id', ParseIntPipe) id: number) {
    return this.admin.setAccountStatus(id, 'active');
  }

  @Put('accounts/:id/regions/:regionId')
  async enableRegion(@Param('id', ParseIntPipe) id: number, @Param('regionId') regionId: string) {
    const account = await this.admin.setRegionEnabled(id, regionId, true);
    await this.stations.publishPolicy(id, regionId, true);
    return account;
  }

  @Delete('accounts/:id/regions/:regionId')
  async disableRegion(@Param('id', ParseIntPipe) id: number, @Param('regionId') regionId: string) {
    const account = await this.admin.setRegionEnabled(id, regionId, false);
    await this.stations.publishPolicy(id, regionId, false);
    return account;
  }

  @Get('accounts/:id/users')
  listUsers(@Param('id', ParseIntPipe) id: number) {
    return this.admin.listUsers(id);
  }

  @Post('accounts/:id/users')
  createUser(@Param('id', ParseIntPipe) id: number, @Body() body: CreateUserDto) {
    return this.admin.createUser(id, body);
  }

  @Post('accounts/:id/users/:username/disable')
  @HttpCode(200)
  disableUser(@Param('id', ParseIntPipe) id: number, @Param('username') username: string) {
    return this.admin.setUserDisabled(id, username, true);
  }

  @Post('accounts/:id/users/:username/enable')
  @HttpCode(200)
  enableUser(@Param('id', ParseIntPipe) id: number, @Param('username') username: string) {
    return this.admin.setUserDisabled(id, username, false);
  }

  @Post('accounts/:id/users/:username/revoke-tokens')
  @HttpCode(204)
  revokeTokens(@Param('id', ParseIntPipe) id: number, @Param('username') username: string) {
    return this.admin.revokeUserTokens(id, username);
  }
}
