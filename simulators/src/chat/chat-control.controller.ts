import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { ChatStore, type Delivery, type EndpointView } from './chat.store';

const endpointSchema = z.strictObject({
  secret: z.string().min(1).max(500).nullable().optional(),
  /** The integration's custom headers (the platform allows up to five) that every delivery must carry. */
  expectedHeaders: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2000))
    .refine((h) => Object.keys(h).length <= 5, 'at most five custom headers, like the platform allows')
    .optional(),
  /** Answer 401 when a check fails (default); false records the failure but still answers 200. */
  rejectInvalid: z.boolean().optional(),
});

/** Control API (dev/tests only): receiver endpoints and what they received. */
@Controller('_control/chat')
export class ChatControlController {
  constructor(private readonly store: ChatStore) {}

  @Put('endpoints/:endpointId')
  configure(@Param('endpointId') endpointId: string, @Body() body: unknown): EndpointView {
    const parsed = parseWith(endpointSchema, body ?? {});
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.store.configure(endpointId, parsed.value);
  }

  @Get('endpoints')
  endpoints(): { items: EndpointView[] } {
    return { items: this.store.listEndpoints() };
  }

  @Delete('endpoints/:endpointId')
  @HttpCode(200)
  remove(@Param('endpointId') endpointId: string): { deleted: number } {
    if (!this.store.remove(endpointId)) throw simpleError(404, 'endpoint_not_found', `No endpoint ${endpointId}`);
    return { deleted: 1 };
  }

  /** Every delivery, oldest first, each with `signatureValid`; filter with `?endpointId=` and `?webhookId=`. */
  @Get('deliveries')
  deliveries(@Query('endpointId') endpointId?: string, @Query('webhookId') webhookId?: string): { items: Delivery[] } {
    return {
      items: this.store.listDeliveries({
        endpointId: typeof endpointId === 'string' ? endpointId : undefined,
        webhookId: typeof webhookId === 'string' ? webhookId : undefined,
      }),
    };
  }

  @Delete('deliveries')
  @HttpCode(200)
  clear(): { deleted: number } {
    return { deleted: this.store.clearDeliveries() };
  }
}
