/** Roles of platform users. A platform-admin belongs to no tenant. */
export const ROLES = ['platform-admin', 'tenant-admin', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a person (access token), a tenant's integration (API key) or one of our services. */
export type Principal = UserPrincipal | ApiKeyPrincipal | ServicePrincipal;

export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  /** null for platform-admins. */
  readonly tenantId: string | null;
  readonly role: Role;
}

/** A tenant API key acts for its tenant with the tenant-admin role. */
export interface ApiKeyPrincipal {
  readonly kind: 'api-key';
  readonly keyId: string;
  readonly tenantId: string;
  readonly role: 'tenant-admin';
}

export interface ServicePrincipal {
  readonly kind: 'service';
  /** The calling service (token subject). */
  readonly service: string;
}

/** The tenant a request acts for, as resolved from its credentials. */
export interface TenantContext {
  readonly tenantId: string;
  readonly principal: UserPrincipal | ApiKeyPrincipal;
}

export function principalTenant(principal: Principal): string | null {
  return principal.kind === 'service' ? null : principal.tenantId;
}

export function principalRole(principal: Principal): Role | null {
  return principal.kind === 'service' ? null : principal.role;
}
