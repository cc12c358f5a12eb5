import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeys } from '@restgw/accounts';
import { JWKS_PATH } from '@restgw/contracts';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get(JWKS_PATH)
  @Header('Cache-Control', 'public, max-age=60')
  jwks() {
    return this.keys.jwks();
  }
}
