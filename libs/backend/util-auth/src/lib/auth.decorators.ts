import { ExecutionContext, SetMetadata, createParamDecorator, ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Role, TenantContext } from './principal';

export const ROLES_KEY = 'switchboard:roles';
export const SERVICE_CALLERS_KEY = 'switchboard:service-callers';

/** Users (and API keys) with one of these roles may call the route; services may not unless also allowed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * An internal route: only a service token whose audience is this service, and (when callers
 * are named) whose subject is one of them. Users and API keys get 403.
 */
export const ServiceOnly = (...callers: string[]) => SetMetadata(SERVICE_CALLERS_KEY, callers);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The authenticated caller (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new ForbiddenException('no authenticated principal');
    return principal;
  },
);

/**
 * The tenant the caller acts for: from a tenant user's token or an API key. A platform-admin or a
 * service has no tenant of its own and gets 403 on routes that take `@Tenant()`.
 */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantContext => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal || principal.kind === 'service' || !principal.tenantId) {
    throw new ForbiddenException('this route acts for a tenant; the caller has none');
  }
  return { tenantId: principal.tenantId, principal: principal as TenantContext['principal'] };
});
