import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { rateLimitedBody, serverErrorBody } from '../core/genesys-errors.util';
import { classifyRequest } from '../core/simulated-route.util';
import { FaultsService } from './faults.service';

/** Applies the active fault rules to requests for the simulated hosts, before authentication. */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware<Request, Response> {
  private readonly logger = new Logger(FaultInjectionMiddleware.name);

  constructor(private readonly faults: FaultsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const route = classifyRequest(request.method, request.originalUrl, request.body);
    const fault = route && this.faults.take(route.host, route.integrationId);
    if (!route || !fault) {
      next();
      return;
    }
    this.logger.log(`injecting ${fault.kind} (rule ${fault.id}) into ${route.route}`);
    switch (fault.kind) {
      case 'delay':
        setTimeout(next, fault.delayMs);
        return;
      case 'rate-limit':
        response.setHeader('Retry-After', String(fault.retryAfterSeconds));
        response.status(429).json(rateLimitedBody(fault.retryAfterSeconds));
        return;
      case 'server-error':
        response.status(fault.status).json(serverErrorBody(fault.status));
        return;
    }
  }
}
