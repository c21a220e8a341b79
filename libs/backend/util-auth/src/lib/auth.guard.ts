import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_ENDPOINT, setContextTenant } from '@switchboard/backend-util-observability';
import { ROLES_KEY, SERVICE_CALLERS_KEY, type AuthenticatedRequest } from './auth.decorators';
import { API_KEY_STRATEGY, BEARER_STRATEGY } from './auth.strategies';
import type { Principal, Role } from './principal';

/**
 * The global guard: every route needs credentials unless marked `@Public()`. Routes marked
 * `@ServiceOnly()` take only service tokens (audience = this service); all others take only
 * users and API keys, restricted by `@Roles()` where given.
 */
@Injectable()
export class SwitchboardAuthGuard extends AuthGuard([BEARER_STRATEGY, API_KEY_STRATEGY]) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ENDPOINT, targets)) return true;
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { user?: Principal }>();
    const principal = request.user;
    if (!principal) throw new UnauthorizedException('no credentials');
    authorize(
      principal,
      this.reflector.getAllAndOverride<string[] | undefined>(SERVICE_CALLERS_KEY, targets),
      this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
    );
    request.principal = principal;
    if (principal.kind !== 'service' && principal.tenantId) setContextTenant(principal.tenantId);
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error) throw error;
    if (!user) throw new UnauthorizedException('missing credentials: a bearer token or an API key');
    return user;
  }
}

export function authorize(
  principal: Principal,
  serviceCallers: string[] | undefined,
  roles: Role[] | undefined,
): void {
  if (serviceCallers !== undefined) {
    if (principal.kind !== 'service') throw new ForbiddenException('internal route: service tokens only');
    if (serviceCallers.length > 0 && !serviceCallers.includes(principal.service)) {
      throw new ForbiddenException(`internal route not open to ${principal.service}`);
    }
    return;
  }
  if (principal.kind === 'service') throw new ForbiddenException('service tokens are for internal routes');
  if (roles && !roles.includes(principal.role))
    throw new ForbiddenException(`requires role ${roles.join(' or ')}`);
}
