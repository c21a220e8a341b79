import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokensService } from '../auth/access-tokens.service';
import { bearerTokenOf } from '../auth/bearer-token.guard';
import { parseBasicCredentials } from '../core/basic-credentials.util';
import { rateLimitedBody, serverErrorBody } from '../core/genesys-errors.util';
import { classifyRequest } from '../core/simulated-route.util';
import { FaultsService } from './faults.service';

/** Applies the active fault rules to requests for the simulated hosts, before authentication. */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware<Request, Response> {
  private readonly logger = new Logger(FaultInjectionMiddleware.name);

  constructor(
    private readonly faults: FaultsService,
    private readonly tokens: AccessTokensService,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const route = classifyRequest(request.method, request.originalUrl, request.body);
    const fault = route && this.faults.take(route.host, route.integrationId, this.clientOf(request));
    if (!route || !fault) {
      next();
      return;
    }
    this.logger.log(`injecting ${fault.kind} (rule ${fault.id}) into ${route.route}`);
    switch (fault.kind) {
      case 'delay':
        void this.faults.hold(fault.delayMs).then(() => next());
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

  /** The OAuth client a request comes from: its Basic credentials, or the client its bearer token was issued to. */
  private clientOf(request: Request): string | undefined {
    const authorization = request.headers.authorization;
    const bearer = bearerTokenOf(authorization);
    if (bearer === undefined) return parseBasicCredentials(authorization)?.clientId;
    const check = this.tokens.check(bearer);
    return check.valid ? check.client.clientId : undefined;
  }
}
