import { Injectable, NestMiddleware } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { currentContext } from '../context/request-context';

export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

/** Records every HTTP request's duration by method, route template (never the raw URL) and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@InjectMetric(HTTP_REQUEST_DURATION) private readonly duration: Histogram<string>) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stopTimer = this.duration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      stopTimer({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status_code: String(res.statusCode),
        tenant: currentContext()?.tenantId ?? 'none',
      });
    });
    next();
  }
}
