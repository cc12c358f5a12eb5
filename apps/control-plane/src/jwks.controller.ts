import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeys } from '@restgw/accounts';
import { JWKS_DOCS, JWKS_PATH } from '@restgw/contracts';
import { ApiDoc } from '@restgw/platform';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get(JWKS_PATH)
  @Header('Cache-Control', 'public, max-age=60')
  @ApiDoc(JWKS_DOCS.jwks)
  jwks() {
    return this.keys.jwks();
  }
}
