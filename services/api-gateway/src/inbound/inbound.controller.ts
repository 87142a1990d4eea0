import { Controller, HttpCode, Inject, Injectable, Param, type PipeTransform, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { INBOUND_RESERVED_HEADERS, INBOUND_SOURCE_PATTERN } from '@looma-hub/contracts';
import { type InternalClient, invalidRequest, TenantIdPipe } from '@looma-hub/platform';
import type { Request, Response } from 'express';
import { ApiProblem, ProblemDoc } from '../common/api-docs';
import { WEBHOOKS_INBOUND } from '../common/internal-clients';

export class InboundAcceptedDoc {
  @ApiProperty({ format: 'uuid', description: 'The hub’s id of the webhook (the same for a duplicate)' })
  id!: string;

  @ApiProperty({ enum: ['accepted', 'duplicate'], description: '`duplicate`: this id was accepted before; nothing new happens' })
  status!: string;
}

@Injectable()
class SourcePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!INBOUND_SOURCE_PATTERN.test(value))
      throw invalidRequest([{ field: 'source', message: 'lowercase letters, digits, . _ - (1–63)' }]);
    return value;
  }
}

/**
 * The headers a partner sent, for the receiver behind: its signature, timestamp and id headers (whatever the source's
 * scheme names them) and the content type; not the hop-by-hop ones, nor credentials of the hub's own.
 */
function relayedHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || (INBOUND_RESERVED_HEADERS.includes(name) && name !== 'content-type')) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Partners' signed webhooks (the retailer's sale completed/cancelled, …), relayed byte for byte to the webhooks
 * service, which verifies the signature of the tenant's source, deduplicates by id and answers once the event is on
 * Kafka. No API key: the signature is the authentication.
 */
@ApiTags('inbound')
@Controller('v1/inbound')
@ApiExtraModels(ProblemDoc, InboundAcceptedDoc)
export class InboundController {
  constructor(@Inject(WEBHOOKS_INBOUND) private readonly webhooks: InternalClient) {}

  @Post(':tenantId/:source')
  @HttpCode(202)
  @ApiOperation({
    summary: "Receive a partner's signed webhook",
    description:
      'Signed with Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) or with the HMAC header ' +
      'scheme configured for the source (`PUT /admin/tenants/{tenantId}/inbound-sources/{source}`); the timestamp must ' +
      'be within 5 minutes. Deduplicated by its id. 202 means it is stored and published to `hub.inbound.<source>.v1`.',
  })
  @ApiHeader({ name: 'webhook-id', required: false, description: 'Standard Webhooks: the message id (deduplication key)' })
  @ApiHeader({ name: 'webhook-timestamp', required: false, description: 'Standard Webhooks: Unix seconds' })
  @ApiHeader({ name: 'webhook-signature', required: false, description: 'Standard Webhooks: `v1,<base64 HMAC-SHA256>`' })
  @ApiBody({ description: 'The JSON object the partner sends, as signed', schema: { type: 'object', additionalProperties: true } })
  @ApiResponse({ status: 202, description: 'Accepted (or a duplicate of an accepted one): on Kafka', type: InboundAcceptedDoc })
  @ApiProblem(400, 'The signed body is not a JSON object (named `(body)` in `errors`), or a bad tenant id or source')
  @ApiProblem(401, 'Signature, timestamp or signing headers missing, malformed, stale (over 5 minutes) or not matching')
  @ApiProblem(404, 'No such source for this tenant')
  @ApiProblem(413, 'Body larger than the limit')
  @ApiProblem(415, 'Not JSON')
  @ApiProblem(503, 'Not published yet (stored when signed): send it again with the same id')
  async receive(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('source', SourcePipe) source: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await this.webhooks.forward<unknown>(
      'POST',
      `/inbound/${encodeURIComponent(tenantId)}/${encodeURIComponent(source)}`,
      body,
      relayedHeaders(req),
    );
    res.status(answer.status);
    return answer.body;
  }
}
