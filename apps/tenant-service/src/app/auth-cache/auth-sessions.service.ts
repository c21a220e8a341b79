import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { callAuthService, failureReason } from './auth-service-call.util';

/** Why a tenant's sessions end (auth-service records it with each revoked session). */
export type TenantSessionsEndReason = 'tenant-suspended' | 'tenant-deleted';

/**
 * Tells auth-service to revoke every refresh session of a tenant's users once the tenant is
 * suspended or deleted, so that nobody keeps refreshing into a tenant that is closed. Best
 * effort and after the commit, like {@link AuthTokenCache}: a failure is logged and never fails
 * the change; auth-service still refuses the next login or refresh of those users, because it
 * asks tenant-service for the tenant's status each time (at most its short cache behind).
 * Access tokens already issued stay valid until they expire (ACCESS_TOKEN_TTL_SECONDS there).
 */
@Injectable()
export class AuthSessions {
  private readonly logger = new Logger(AuthSessions.name);

  constructor(
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
    @Optional() @Inject(ServiceTokenClient) private readonly serviceTokens: ServiceTokenClient | null,
  ) {}

  endTenantSessions(tenantId: string, reason: TenantSessionsEndReason): void {
    if (!this.serviceTokens) return;
    void callAuthService(this.config.AUTH_SERVICE_URL, this.serviceTokens, {
      method: 'POST',
      path: `/internal/tenants/${encodeURIComponent(tenantId)}/sessions/revoke`,
      json: { reason },
    }).catch((error: unknown) =>
      this.logger.warn(
        `auth-service did not revoke the sessions of tenant ${tenantId} (${reason}): ${failureReason(error)}`,
      ),
    );
  }
}
