import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { API_GATEWAY_CONFIG } from '../config/api-gateway.config';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import type { GatewayRequest } from '../auth/edge-auth.decorators';
import { clientAddress, clientConnection } from '../proxy/forwarded-headers.util';
import { EdgeRateLimiter, type RateLimitDecision, type RateLimitName } from './edge-rate-limiter.service';

/** Probes and scrapes come from the kubelet and Prometheus, many times a minute: never limited. */
const UNLIMITED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

function refuse(
  response: Response,
  name: RateLimitName,
  decision: Exclude<RateLimitDecision, { allowed: true }>,
): never {
  response.setHeader('retry-after', String(decision.retryAfterSeconds));
  const scope = name === 'ip' ? 'client address' : 'tenant';
  throw new HttpException(
    {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      error: 'Too Many Requests',
      message: `rate limit of ${decision.points} requests per ${decision.durationSeconds} s per ${scope} exceeded; retry in ${decision.retryAfterSeconds} s`,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/** Every request, authenticated or not, counts against its client address (before authentication). */
@Injectable()
export class ClientRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: EdgeRateLimiter,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    if (UNLIMITED_PATHS.has(req.path)) return true;
    const address = clientAddress(req.headers, clientConnection(req, this.config.TRUST_PROXY_HOPS));
    const decision = await this.limiter.consume('ip', address);
    if (!decision.allowed) refuse(context.switchToHttp().getResponse<Response>(), 'ip', decision);
    return true;
  }
}

/**
 * Authenticated requests also count against their tenant (a platform-admin, who has none,
 * against their own user), whichever address they come from.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: EdgeRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const principal = context.switchToHttp().getRequest<GatewayRequest>().principal;
    if (!principal || principal.kind === 'service') return true;
    const key =
      principal.tenantId !== null
        ? `tenant:${principal.tenantId}`
        : `user:${principal.kind === 'user' ? principal.userId : 'unknown'}`;
    const decision = await this.limiter.consume('tenant', key);
    if (!decision.allowed) refuse(context.switchToHttp().getResponse<Response>(), 'tenant', decision);
    return true;
  }
}
