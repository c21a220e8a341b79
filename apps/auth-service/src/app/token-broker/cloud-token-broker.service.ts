import { Inject, Injectable, Logger } from '@nestjs/common';
import { setContextTenant } from '@switchboard/backend-util-observability';
import { AUTH_SERVICE_CONFIG, type AuthServiceConfig } from '../config/auth-service.config';
import type { CloudToken } from './cloud-token.util';
import { CloudTokenCache } from './cloud-token-cache.service';
import { GenesysLoginClient } from './genesys-login.client';
import { TenantServiceClient } from './tenant-service.client';

const genesysKey = (integrationId: string) => `genesys:${integrationId}`;
const whatsappKey = (phoneNumberId: string) => `whatsapp:${phoneNumberId}`;

/**
 * Access tokens of the clouds for the pipeline services: a Genesys client-credentials token per
 * Open Messaging integration, a WhatsApp token per phone number; both cached (see CloudTokenCache)
 * and invalidated on request. Logs say which token, never the token or the client secret.
 */
@Injectable()
export class CloudTokenBroker {
  private readonly logger = new Logger(CloudTokenBroker.name);

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly cache: CloudTokenCache,
    private readonly tenants: TenantServiceClient,
    private readonly genesys: GenesysLoginClient,
  ) {}

  genesysToken(integrationId: string): Promise<CloudToken> {
    return this.cache.get(genesysKey(integrationId), async () => {
      const credentials = await this.tenants.genesysCredentials(integrationId);
      setContextTenant(credentials.tenantId);
      const issued = await this.genesys.clientCredentialsToken(credentials);
      const now = Date.now();
      this.logger.log(
        {
          event: 'cloud-token.fetched',
          cloud: 'genesys',
          integrationId,
          region: credentials.region,
          expiresIn: issued.expiresInSeconds,
        },
        'fetched a Genesys token',
      );
      return {
        accessToken: issued.accessToken,
        expiresAt: now + issued.expiresInSeconds * 1000,
        renewAt: now + issued.expiresInSeconds * 1000 * this.config.CLOUD_TOKEN_RENEW_RATIO,
      };
    });
  }

  whatsappToken(phoneNumberId: string): Promise<CloudToken> {
    return this.cache.get(whatsappKey(phoneNumberId), async () => {
      const record = await this.tenants.whatsappToken(phoneNumberId);
      setContextTenant(record.tenantId);
      const now = Date.now();
      // Kept for WHATSAPP_TOKEN_CACHE_SECONDS (tenant-service may replace the token), and never
      // beyond 80 % of its remaining lifetime when tenant-service knows its expiry.
      const cacheLimit = now + this.config.WHATSAPP_TOKEN_CACHE_SECONDS * 1000;
      const lifetimeLimit =
        record.expiresAt === null
          ? cacheLimit
          : now + (record.expiresAt - now) * this.config.CLOUD_TOKEN_RENEW_RATIO;
      this.logger.log(
        { event: 'cloud-token.fetched', cloud: 'whatsapp', phoneNumberId },
        'fetched a WhatsApp token',
      );
      return {
        accessToken: record.accessToken,
        expiresAt: record.expiresAt,
        renewAt: Math.min(cacheLimit, lifetimeLimit),
      };
    });
  }

  async invalidateGenesys(integrationId: string): Promise<void> {
    await this.cache.invalidate(genesysKey(integrationId));
    this.logger.log(
      { event: 'cloud-token.invalidated', cloud: 'genesys', integrationId },
      'Genesys token invalidated',
    );
  }

  async invalidateWhatsapp(phoneNumberId: string): Promise<void> {
    await this.cache.invalidate(whatsappKey(phoneNumberId));
    this.logger.log(
      { event: 'cloud-token.invalidated', cloud: 'whatsapp', phoneNumberId },
      'WhatsApp token invalidated',
    );
  }
}
