import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { acceptCorrelationId, continueTraceparent, runWithContext } from './request-context';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Takes the correlation id from `x-correlation-id` (or creates one) and echoes it in the response. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_HEADER]);
    const traceparent = continueTraceparent(req.headers['traceparent']);
    req.headers[CORRELATION_HEADER] = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    runWithContext({ correlationId, traceparent }, next);
  }
}
