import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { genericErrorBody } from './error-shapes';
import { areaOfPath } from './partners';
import { SimulatorHttpError } from './simulator-error';

/** One filter for the whole app: partner errors pass through as built; anything else gets the partner's shape. */
@Catch()
export class SimulatorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(SimulatorExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof SimulatorHttpError) {
      res.set(exception.headers).status(exception.status).json(exception.body);
      return;
    }
    const path = req.originalUrl.split('?')[0] ?? '/';
    const area = areaOfPath(path);
    let status = 500;
    let message = 'Unexpected error in the simulator';
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = status === 404 ? `No route ${req.method} ${path}` : exception.message;
      if (status === 400 && /JSON/i.test(exception.message)) message = 'Malformed JSON body';
    } else {
      this.logger.error(`${req.method} ${path} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    res.status(status).json(genericErrorBody(area, status, message));
  }
}
