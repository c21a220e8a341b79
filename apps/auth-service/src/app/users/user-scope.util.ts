import type { UserPrincipal } from '@switchboard/backend-util-auth';

/**
 * Which users a piece of work may touch: every tenant's (platform-admins, and the deliberate
 * cross-tenant lookups of login and refresh) or one tenant's.
 */
export type UserScope =
  { readonly kind: 'platform' } | { readonly kind: 'tenant'; readonly tenantId: string };

export const PLATFORM_SCOPE: UserScope = { kind: 'platform' };

export function tenantScope(tenantId: string): UserScope {
  return { kind: 'tenant', tenantId };
}

/** The users a caller manages: a platform-admin all of them, anyone else its own tenant's. */
export function scopeOf(actor: UserPrincipal): UserScope {
  if (actor.role === 'platform-admin') return PLATFORM_SCOPE;
  if (!actor.tenantId) throw new Error('a tenant user without a tenant'); // the token verifier refuses such tokens
  return tenantScope(actor.tenantId);
}
