import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { genericErrorBody } from '../core/error-shapes';
import { areaOfPath } from '../core/partners';
import { FaultsService } from './faults.service';

/**
 * Applies fault rules to every partner route (never to `/_control` or `/health`). Runs before guards and
 * handlers, so a fault looks like the partner's infrastructure failing, whatever the request contains.
 */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware {
  constructor(private readonly faults: FaultsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const path = req.originalUrl.split('?')[0] ?? '/';
    const area = areaOfPath(path);
    if (area === null || area === 'control') {
      next();
      return;
    }
    const decision = this.faults.decide(area, req.method, path);
    if (!decision) {
      next();
      return;
    }
    let clientGone = false;
    res.once('close', () => {
      clientGone = true;
    });
    res.setHeader('x-simulator-fault', decision.faultId);
    const act = (): void => {
      if (clientGone) return;
      if (decision.timeout) {
        this.faults.hold(res);
      } else if (decision.status !== null) {
        const body = decision.body ?? genericErrorBody(area, decision.status, `Injected fault ${decision.faultId}`);
        if (typeof body === 'string') res.status(decision.status).type('text/plain').send(body);
        else res.status(decision.status).json(body);
      } else {
        if (decision.dropResponse) {
          // Let the partner do the work, then cut the connection instead of answering.
          res.end = ((): Response => {
            req.socket.destroy();
            return res;
          }) as Response['end'];
        } else if (decision.answerDelayMs > 0) {
          // Let the partner do the work, then hold its answer before it leaves.
          const end = res.end.bind(res) as (...args: unknown[]) => Response;
          res.end = ((...args: unknown[]): Response => {
            this.faults.delay(decision.answerDelayMs, () => {
              if (!clientGone) end(...args);
            });
            return res;
          }) as Response['end'];
        }
        next();
      }
    };
    if (decision.latencyMs > 0) this.faults.delay(decision.latencyMs, act);
    else act();
  }
}
