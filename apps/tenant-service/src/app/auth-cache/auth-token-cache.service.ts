import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import { TENANT_SERVICE_CONFIG, type TenantServiceConfig } from '../config/tenant-service.config';
import { callAuthService, failureReason } from './auth-service-call.util';

/**
 * Tells auth-service's token broker to forget the cloud tokens it cached for credentials that
 * just changed or went away, so that the next token is minted from what tenant-service now
 * holds. Best effort and after the commit: a failure is logged and the broker's own expiry
 * (or the invalidation after a 401) still applies. Never delays or fails the change itself.
 */
@Injectable()
export class AuthTokenCache {
  private readonly logger = new Logger(AuthTokenCache.name);

  constructor(
    @Inject(TENANT_SERVICE_CONFIG) private readonly config: TenantServiceConfig,
    @Optional() @Inject(ServiceTokenClient) private readonly serviceTokens: ServiceTokenClient | null,
  ) {}

  forgetGenesysTokens(integrationIds: readonly (string | null | undefined)[]): void {
    for (const id of new Set(integrationIds)) {
      if (id) this.forget(`/internal/genesys-tokens/${encodeURIComponent(id)}`, `Genesys token of ${id}`);
    }
  }

  forgetWhatsAppTokens(phoneNumberIds: readonly (string | null | undefined)[]): void {
    for (const id of new Set(phoneNumberIds)) {
      if (id) this.forget(`/internal/whatsapp-tokens/${encodeURIComponent(id)}`, `WhatsApp token of ${id}`);
    }
  }

  private forget(path: string, what: string): void {
    if (!this.serviceTokens) return;
    void callAuthService(this.config.AUTH_SERVICE_URL, this.serviceTokens, { method: 'DELETE', path }).catch(
      (error: unknown) =>
        this.logger.warn(`auth-service did not forget the ${what}: ${failureReason(error)}`),
    );
  }
}
