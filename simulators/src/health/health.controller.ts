import { Controller, Get } from '@nestjs/common';
import { PARTNERS, type Partner } from '../core/partners';

@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): { status: 'ok'; partners: readonly Partner[] } {
    return { status: 'ok', partners: PARTNERS };
  }
}
