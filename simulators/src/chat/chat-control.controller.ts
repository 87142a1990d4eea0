import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { simpleError } from '../core/error-shapes';
import { parseWith } from '../core/validation';
import { behaviourSchema } from './behaviour';
import { ENDPOINT_ID } from './chat.controller';
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

const statusQuery = z.coerce.number().int().min(100).max(599).optional();

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

  /** How the endpoint answers from its next attempt on (see behaviour.ts); its checks stay as configured. */
  @Put('endpoints/:endpointId/behaviour')
  behaviour(@Param('endpointId') endpointId: string, @Body() body: unknown): EndpointView {
    if (!ENDPOINT_ID.test(endpointId)) {
      throw simpleError(422, 'validation_failed', 'endpoint ids are 1-100 of [A-Za-z0-9_.-]', 'endpointId');
    }
    const parsed = parseWith(behaviourSchema, body ?? {});
    if (!parsed.ok) throw simpleError(422, 'validation_failed', parsed.issue.message, parsed.issue.field);
    return this.store.setBehaviour(endpointId, parsed.value);
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

  /** Every attempt, oldest first, however it was answered; filter with `?endpointId=`, `?webhookId=`, `?status=`. */
  @Get('deliveries')
  deliveries(
    @Query('endpointId') endpointId?: unknown,
    @Query('webhookId') webhookId?: unknown,
    @Query('status') status?: unknown,
  ): { items: Delivery[] } {
    const parsedStatus = parseWith(statusQuery, status);
    if (!parsedStatus.ok) throw simpleError(422, 'validation_failed', parsedStatus.issue.message, 'status');
    return {
      items: this.store.listDeliveries({
        endpointId: typeof endpointId === 'string' ? endpointId : undefined,
        webhookId: typeof webhookId === 'string' ? webhookId : undefined,
        status: parsedStatus.value,
      }),
    };
  }

  @Delete('deliveries')
  @HttpCode(200)
  clear(): { deleted: number } {
    return { deleted: this.store.clearDeliveries() };
  }
}
