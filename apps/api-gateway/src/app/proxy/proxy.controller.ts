import { All, BadRequestException, Controller, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProxiedRoutes } from '../auth/edge-auth.decorators';
import type { GatewayRequest } from '../auth/edge-auth.decorators';
import { RouteResolver } from '../routing/route-resolver.service';
import { API_PREFIX } from '../routing/upstream-routes.constants';
import { UpstreamProxyService } from './upstream-proxy.service';

/**
 * `/api/<route>/...` for every method: the guards have authenticated and rate-limited the
 * request (or found it public); the body is still unread and goes on as it came.
 */
@ApiExcludeController()
@ProxiedRoutes()
@Controller(API_PREFIX.slice(1))
export class ProxyController {
  constructor(
    private readonly routes: RouteResolver,
    private readonly proxy: UpstreamProxyService,
  ) {}

  @All([':route', ':route/*path'])
  forward(@Req() req: GatewayRequest, @Res() res: Response): Promise<void> {
    const resolution = req.gatewayRoute ?? this.routes.resolve(req.method, req.originalUrl);
    if (resolution.kind === 'not-found') throw new NotFoundException(resolution.reason);
    if (resolution.kind === 'bad-request') throw new BadRequestException(resolution.reason);
    return this.proxy.forward(resolution, req, res);
  }
}
