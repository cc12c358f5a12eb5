import { Body, Controller, Headers, HttpCode, Inject, Ip, Post, Query } from '@nestjs/common';
import { parseAuthenticate, parseRefresh, TokenGrant, TokenGrants } from '@restgw/accounts';
import { CONTROL_PLANE_CONFIG, ControlPlaneConfig } from './control-plane.config';
import { AUTH_DOCS } from '@restgw/contracts';
import { ApiDoc } from '@restgw/platform';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly grants: TokenGrants,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  @ApiDoc(AUTH_DOCS.authenticate)
  @Post('authenticate')
  @HttpCode(200)
  authenticate(@Body() body: unknown, @Query() query: { accountId?: string }, @Ip() clientIp: string): Promise<TokenGrant> {
    return this.grants.authenticate(parseAuthenticate(body, query, this.config.DEFAULT_ACCOUNT_ID || undefined), clientIp);
  }

  @ApiDoc(AUTH_DOCS.refreshToken)
  @Post('refreshToken')
  @HttpCode(200)
  refresh(@Body() body: unknown, @Headers('authorization') authorization?: string): Promise<TokenGrant> {
    return this.grants.refresh(parseRefresh(body, authorization));
  }
}
