import {
  ExecutionContext,
  ForbiddenException,
  NotFoundException,
  createParamDecorator,
} from '@nestjs/common';
import type { ApiKeyPrincipal, AuthenticatedRequest, UserPrincipal } from '@switchboard/backend-util-auth';
import { setContextTenant } from '@switchboard/backend-util-observability';
import { type Actor, actorOf } from './actor.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant a request acts on (from the path) and who acts: the first argument of every tenant call. */
export interface TenantAccess {
  readonly tenantId: string;
  readonly principal: UserPrincipal | ApiKeyPrincipal;
  readonly actor: Actor;
}

export interface TenantAccessOptions {
  /** Refuse API keys (403): a leaked key must not be able to mint or rotate keys. */
  readonly usersOnly?: boolean;
}

/** Thrown for a tenant the caller may not see: the same answer as for a tenant that does not exist. */
export class TenantNotFoundException extends NotFoundException {
  constructor() {
    super('tenant not found');
  }
}

/**
 * Resolves `:tenantId` against the caller: a platform-admin may act on any tenant; a
 * tenant-admin, agent or API key only on its own. Another tenant's id answers 404 exactly like
 * an unknown one, so that ids cannot be probed. Roles are checked before, by `@Roles()`.
 */
export function resolveTenantAccess(
  request: AuthenticatedRequest,
  options: TenantAccessOptions = {},
): TenantAccess {
  const principal = request.principal;
  if (!principal || principal.kind === 'service') {
    throw new ForbiddenException('this route is for users and API keys');
  }
  if (options.usersOnly && principal.kind === 'api-key') {
    throw new ForbiddenException('API keys cannot manage API keys; sign in as a tenant-admin');
  }
  const tenantId = request.params['tenantId'];
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new TenantNotFoundException();
  const normalised = tenantId.toLowerCase();
  const isPlatformAdmin = principal.kind === 'user' && principal.role === 'platform-admin';
  if (!isPlatformAdmin && principal.tenantId?.toLowerCase() !== normalised) {
    throw new TenantNotFoundException();
  }
  // Log lines and metrics of a platform-admin acting on a tenant carry that tenant too.
  setContextTenant(normalised);
  return { tenantId: normalised, principal, actor: actorOf(principal) };
}

/** `@TenantInPath() access: TenantAccess`: see {@link resolveTenantAccess}. */
export const TenantInPath = createParamDecorator(
  (options: TenantAccessOptions | undefined, context: ExecutionContext): TenantAccess =>
    resolveTenantAccess(context.switchToHttp().getRequest<AuthenticatedRequest>(), options),
);

/** `@ActingAs() actor: Actor`: the authenticated caller as the audit log records it. */
export const ActingAs = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new ForbiddenException('no authenticated principal');
  return actorOf(principal);
});
