import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { parseBasicCredentials } from './basic-credentials.util';
import { RequestStatsService } from './request-stats.service';
import { classifyRequest } from './simulated-route.util';

/** Counts each request to a simulated Genesys route when it arrives, before any fault or auth check. */
@Injectable()
export class RequestStatsMiddleware implements NestMiddleware<Request, Response> {
  constructor(private readonly stats: RequestStatsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const route = classifyRequest(request.method, request.originalUrl, request.body);
    if (route) {
      this.stats.recordRequest(route.route, route.integrationId);
      if (route.host === 'login') {
        this.stats.recordTokenRequest(parseBasicCredentials(request.headers.authorization)?.clientId);
      }
      response.once('finish', () => this.stats.recordStatus(response.statusCode));
    }
    next();
  }
}
