import { Controller, type OnModuleDestroy, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { simpleError } from '../core/error-shapes';
import { type Answer } from './behaviour';
import { ChatStore, type Delivery, type IncomingAttempt } from './chat.store';

export const ENDPOINT_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_ORDER_ID = 200;

/**
 * The chat platform's receivers: the hub's outbound webhooks land on `/chat/webhooks/:endpointId`, its `omnichat`
 * format on `/chat/omnichat/:endpointId/v2/orders/:orderId/statusChange` (endpoint URL `…/chat/omnichat/<id>`).
 */
@Controller('chat')
export class ChatController implements OnModuleDestroy {
  /** Timers of `slow` answers still waiting, cleared when the app closes. */
  private readonly waiting = new Set<NodeJS.Timeout>();

  constructor(private readonly store: ChatStore) {}

  @Post('webhooks/:endpointId')
  webhook(@Param('endpointId') endpointId: string, @Req() req: Request, @Res() res: Response): void {
    this.handle({ route: 'webhooks', endpointId, ...incoming(req) }, res);
  }

  @Post('omnichat/:endpointId/v2/orders/:orderId/statusChange')
  omniChatStatusChange(
    @Param('endpointId') endpointId: string,
    @Param('orderId') orderId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): void {
    if (orderId.length === 0 || orderId.length > MAX_ORDER_ID) {
      throw simpleError(404, 'unknown_order', `order ids are 1-${MAX_ORDER_ID} characters`);
    }
    this.handle({ route: 'omnichat', endpointId, orderId, ...incoming(req) }, res);
  }

  onModuleDestroy(): void {
    for (const timer of this.waiting) clearTimeout(timer);
    this.waiting.clear();
  }

  private handle(attempt: IncomingAttempt, res: Response): void {
    if (!ENDPOINT_ID.test(attempt.endpointId)) {
      throw simpleError(404, 'unknown_endpoint', 'endpoint ids are 1-100 of [A-Za-z0-9_.-]');
    }
    const { delivery, answer } = this.store.receive(attempt);
    if (answer.delayMs === 0) {
      send(res, answer);
      return;
    }
    this.answerLater(delivery, answer, res);
  }

  private answerLater(delivery: Delivery, answer: Answer, res: Response): void {
    const onClose = (): void => {
      if (res.writableEnded) return;
      clearTimeout(timer);
      this.waiting.delete(timer);
      this.store.settle(delivery, 'client_gone');
    };
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      res.off('close', onClose);
      send(res, answer);
      this.store.settle(delivery, 'answered');
    }, answer.delayMs);
    this.waiting.add(timer);
    res.once('close', onClose);
  }
}

function incoming(req: Request): Omit<IncomingAttempt, 'route' | 'endpointId'> {
  const raw: unknown = req.body;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method,
    path: req.originalUrl.split('?')[0] ?? req.path,
    headers,
    rawBody: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0),
  };
}

function send(res: Response, answer: Answer): void {
  res.status(answer.status).set(answer.headers).type('application/json').send(answer.body);
}
