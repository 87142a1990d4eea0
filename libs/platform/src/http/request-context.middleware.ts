import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext } from '../logging/context';

const HEADER = 'x-correlation-id';
const VALID = /^[\w.:-]{1,128}$/;

/** Gives every request a correlation id (taken from X-Correlation-Id when sane), echoes it, logs the access line. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly logger = new Logger('http');

  use(req: Request, res: Response, next: NextFunction): void {
    const incoming = req.header(HEADER);
    const correlationId = incoming && VALID.test(incoming) ? incoming : randomUUID();
    res.setHeader(HEADER, correlationId);
    const started = process.hrtime.bigint();
    runWithContext({ correlationId }, () => {
      res.on('finish', () => {
        if (req.path.startsWith('/health') || req.path === '/metrics') return;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        this.logger.log({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
      });
      next();
    });
  }
}
