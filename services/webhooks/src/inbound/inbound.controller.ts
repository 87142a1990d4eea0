import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import { type InboundSourceInput, InboundSourceInputSchema, type InboundSourceView } from '@looma-hub/contracts';
import { DomainError } from '@looma-hub/domain';
import { InternalApiGuard, RequestErrors, ZodPipe } from '@looma-hub/platform';
import type { Request } from 'express';
import { SourcePipe, TenantIdPipe } from '../common/params';
import { isJsonContentType } from './inbound-body';
import { type InboundAccepted, InboundService } from './inbound.service';

/**
 * Public receiver for partners' webhooks (e.g. the retailer's sale completed/cancelled), meant to be exposed (the
 * gateway's `POST /v1/inbound/:tenantId/:source` relays to it). Authenticated by the source's signature alone. The
 * body arrives as raw bytes (`rawBodyRoutes` in main.ts, limit `WEBHOOK_INBOUND_MAX_BYTES`): it is verified as
 * received and parsed only then.
 */
@Controller('inbound')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post(':tenantId/:source')
  @HttpCode(202)
  receive(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('source', SourcePipe) source: string,
    @Req() req: Request,
  ): Promise<InboundAccepted> {
    if (!isJsonContentType(req.header('content-type'))) {
      throw new DomainError(RequestErrors.UnsupportedMediaType, 'send the webhook as application/json');
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return this.inbound.receive(tenantId, source, raw, req.headers);
  }
}

/** Internal API: which partners may post webhooks for a tenant, how they sign, and their (sealed) secrets. */
@Controller('internal/tenants/:tenantId/inbound-sources')
@UseGuards(InternalApiGuard)
export class InternalInboundSourceController {
  constructor(private readonly inbound: InboundService) {}

  @Get()
  list(@Param('tenantId', TenantIdPipe) tenantId: string): Promise<InboundSourceView[]> {
    return this.inbound.listSources(tenantId);
  }

  @Get(':source')
  get(@Param('tenantId', TenantIdPipe) tenantId: string, @Param('source', SourcePipe) source: string): Promise<InboundSourceView> {
    return this.inbound.getSource(tenantId, source);
  }

  @Put(':source')
  put(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('source', SourcePipe) source: string,
    @Body(new ZodPipe(InboundSourceInputSchema)) body: InboundSourceInput,
  ): Promise<InboundSourceView> {
    return this.inbound.putSource(tenantId, source, body);
  }
}
