import { Body, Controller, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, RequestErrors } from '@looma-hub/platform';
import { IsOptional, IsString } from 'class-validator';
import type { Request } from 'express';
import { SourcePipe, TenantIdPipe } from '../common/params';
import { type InboundAccepted, InboundService } from './inbound.service';

export class InboundSourceDto {
  /** `whsec_…` the partner signs with; generated (and returned once) when omitted. */
  @IsOptional()
  @IsString()
  secret?: string;
}

/**
 * Public receiver for partners' webhooks (e.g. the retailer's sale completed/cancelled), meant to be exposed.
 * Authenticated by the Standard Webhooks signature alone.
 */
@Controller('inbound')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post(':tenantId/:source')
  @HttpCode(202)
  receive(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('source', SourcePipe) source: string,
    @Req() req: RawBodyRequest<Request>,
  ): Promise<InboundAccepted> {
    if (!req.rawBody) {
      throw new DomainError(RequestErrors.UnsupportedMediaType, 'send the webhook as application/json');
    }
    return this.inbound.receive(tenantId, source, req.rawBody, req.body as unknown, req.headers);
  }
}

/** Internal API: which partners may post webhooks for a tenant, and their secrets. */
@Controller('internal/tenants/:tenantId/inbound-sources')
@UseGuards(InternalApiGuard)
export class InternalInboundSourceController {
  constructor(private readonly inbound: InboundService) {}

  @Put(':source')
  put(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('source', SourcePipe) source: string, @Body() body: InboundSourceDto) {
    return this.inbound.putSource(tenantId, source, body.secret);
  }
}
