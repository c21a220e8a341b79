import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  API_KEY_HEADER,
  InvalidTokenError,
  TokenVerifier,
  type Principal,
} from '@switchboard/backend-util-auth';
import { IS_PUBLIC_ENDPOINT, setContextTenant } from '@switchboard/backend-util-observability';
import type { Response } from 'express';
import { RouteResolver } from '../routing/route-resolver.service';
import { EDGE_ACCESS_KEY, type EdgeAccess, type GatewayRequest } from './edge-auth.decorators';
import { ApiKeyVerificationUnavailableError, TenantApiKeyVerifier } from './tenant-api-key-verifier.service';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Authentication at the edge. Every route needs a user access token (verified against
 * auth-service's keys) or a tenant API key (checked with tenant-service), except the gateway's
 * own public endpoints (health, metrics) and the routes the route table marks public. Service
 * tokens are refused: they are for service-to-service calls inside the platform. The
 * credentials travel on unchanged; the service behind checks them again.
 */
@Injectable()
export class EdgeAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly apiKeys: TenantApiKeyVerifier,
    private readonly routes: RouteResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ENDPOINT, targets)) return true;
    const access = this.reflector.getAllAndOverride<EdgeAccess>(EDGE_ACCESS_KEY, targets) ?? 'credentials';
    const http = context.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    if (access === 'route-table') {
      const resolution = this.routes.resolve(req.method, req.originalUrl);
      req.gatewayRoute = resolution;
      // Unknown and internal paths are answered 404 by the controller, credentials or not.
      if (resolution.kind !== 'forward' || resolution.isPublic) return true;
    }
    try {
      const principal = await this.authenticate(req);
      if (access === 'signed-in-user' && principal.kind !== 'user') {
        throw new ForbiddenException('this route is for signed-in users only');
      }
      req.principal = principal;
      if (principal.kind !== 'service' && principal.tenantId) setContextTenant(principal.tenantId);
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException) {
        http.getResponse<Response>().setHeader('www-authenticate', 'Bearer realm="switchboard"');
      }
      throw error;
    }
  }

  private async authenticate(req: GatewayRequest): Promise<Principal> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = BEARER.exec(authorization);
      if (!match) throw new UnauthorizedException('malformed Authorization header: expected Bearer <token>');
      let principal: Principal;
      try {
        principal = await this.tokens.verifyBearer(match[1]);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
        throw error;
      }
      if (principal.kind === 'service') {
        throw new ForbiddenException('service tokens are not accepted at the gateway');
      }
      return principal;
    }
    const apiKey = req.headers[API_KEY_HEADER];
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || apiKey.length === 0)
        throw new UnauthorizedException('malformed API key');
      let principal: Principal | null;
      try {
        principal = await this.apiKeys.verify(apiKey);
      } catch (error) {
        if (error instanceof ApiKeyVerificationUnavailableError) {
          throw new ServiceUnavailableException('API keys cannot be checked right now; retry shortly');
        }
        throw error;
      }
      if (!principal) throw new UnauthorizedException('unknown, revoked or expired API key');
      return principal;
    }
    throw new UnauthorizedException('missing credentials: a bearer token or an API key');
  }
}
