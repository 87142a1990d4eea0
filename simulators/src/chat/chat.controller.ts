import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { simpleError } from '../core/error-shapes';
import { ChatStore } from './chat.store';

const ENDPOINT_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** The chat platform's webhook receiver: the hub's outbound webhooks land here (any endpoint id). */
@Controller('chat/webhooks')
export class ChatController {
  constructor(private readonly store: ChatStore) {}

  @Post(':endpointId')
  @HttpCode(200)
  receive(@Param('endpointId') endpointId: string, @Req() req: Request, @Res() res: Response): void {
    if (!ENDPOINT_ID.test(endpointId)) throw simpleError(404, 'unknown_endpoint', 'endpoint ids are 1-100 of [A-Za-z0-9_.-]');
    const raw: unknown = req.body;
    const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const delivery = this.store.receive(endpointId, req.method, headers, rawBody);
    if (delivery.responseStatus === 401) {
      const code = delivery.signatureValid === false ? 'invalid_signature' : 'invalid_headers';
      const message =
        delivery.signatureValid === false
          ? `Signature check failed: ${delivery.signatureError ?? ''}`
          : `Missing or wrong headers: ${delivery.missingHeaders.join(', ')}`;
      res.status(401).json({ error: { code, message, deliveryId: delivery.id } });
      return;
    }
    res.status(200).json({ received: true, id: delivery.id });
  }
}
