import { Controller, Get, Header } from '@nestjs/common';
import { JWKS_PATH, SigningKeys } from '@restgw/auth';

@Controller()
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get(JWKS_PATH)
  @Header('Cache-Control', 'public, max-age=60')
  jwks() {
    return this.keys.jwks();
  }
}
