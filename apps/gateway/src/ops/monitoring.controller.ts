import { Controller, Get } from '@nestjs/common';

/** Memphis compatibility: load balancers and clients poll this without auth. */
@Controller('monitoring')
export class MonitoringController {
  @Get('status')
  status() {
    return { status: 'ok' };
  }
}
