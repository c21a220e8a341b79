import { Inject, Injectable } from '@nestjs/common';
import { SERVICES } from '@switchboard/shared-contracts';
import { z } from 'zod';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import { UpstreamUnavailableError } from '../core/domain-errors.util';
import { OwnServiceTokens } from '../service-clients/own-service-tokens.service';
import { callUpstream, jsonBody, retryAfterSeconds } from '../token-broker/upstream-http.util';

/** Whether a tenant's users may sign in: only while it is active; `gone` once it is deleted. */
export type TenantStanding = 'active' | 'suspended' | 'gone';

/** What a login or refresh answers with Retry-After when tenant-service said nothing better. */
export const TENANT_STATUS_RETRY_AFTER_SECONDS = 5;

const TENANT_SERVICE = 'tenant-service';

const tenantStatusSchema = z.object({
  tenantId: z.uuid(),
  status: z.enum(['active', 'suspended']),
});

/**
 * tenant-service's `GET /internal/tenants/:tenantId/status` (ServiceOnly('auth-service') there),
 * called with auth-service's own service token. Anything but a clear answer (200 with a known
 * status, or 404) is an {@link UpstreamUnavailableError}: the caller then keeps the user out
 * (fail closed) rather than guess that the tenant is still active.
 */
@Injectable()
export class TenantStatusClient {
  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly serviceTokens: OwnServiceTokens,
  ) {}

  async standingOf(tenantId: string): Promise<TenantStanding> {
    const base = this.config.TENANT_SERVICE_URL.replace(/\/+$/, '');
    const response = await callUpstream(
      TENANT_SERVICE,
      `${base}/internal/tenants/${encodeURIComponent(tenantId)}/status`,
      {
        headers: { ...(await this.serviceTokens.headers(SERVICES.TENANT.name)), accept: 'application/json' },
      },
      this.config.TENANT_STATUS_TIMEOUT_MS,
    ).catch((error: unknown) => {
      throw unavailable(error instanceof Error ? error.message : String(error));
    });
    if (response.status === 404) return 'gone';
    if (!response.ok) {
      throw unavailable(
        `tenant-service answered HTTP ${response.status}`,
        retryAfterSeconds(response.headers.get('retry-after')),
      );
    }
    const parsed = tenantStatusSchema.safeParse(await jsonBody(TENANT_SERVICE, response).catch(() => null));
    if (!parsed.success || parsed.data.tenantId.toLowerCase() !== tenantId.toLowerCase()) {
      throw unavailable('tenant-service answered an unusable tenant status');
    }
    return parsed.data.status;
  }
}

function unavailable(
  cause: string,
  retryAfter = TENANT_STATUS_RETRY_AFTER_SECONDS,
): UpstreamUnavailableError {
  return new UpstreamUnavailableError(
    `cannot check the status of the tenant now (${cause}); try again later`,
    Math.max(retryAfter, 1),
  );
}
