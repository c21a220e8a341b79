import { Module } from '@nestjs/common';
import {
  CloudTokenClient,
  StateManagerClient,
  TenantDirectoryClient,
} from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  WHATSAPP_API_SERVICE_CONFIG,
  type WhatsAppApiServiceConfig,
} from '../config/whatsapp-api-service.config';

/**
 * The other Switchboard services this one calls: auth-service (WhatsApp tokens), tenant-service
 * (which tenant owns a number) and state-manager (wamid ↔ Genesys message records).
 */
@Module({
  providers: [
    {
      provide: CloudTokenClient,
      inject: [WHATSAPP_API_SERVICE_CONFIG, ServiceTokenClient],
      useFactory: (config: WhatsAppApiServiceConfig, serviceTokens: ServiceTokenClient) =>
        new CloudTokenClient({ baseUrl: config.AUTH_SERVICE_URL, serviceTokens }),
    },
    {
      provide: TenantDirectoryClient,
      inject: [WHATSAPP_API_SERVICE_CONFIG, ServiceTokenClient],
      useFactory: (config: WhatsAppApiServiceConfig, serviceTokens: ServiceTokenClient) =>
        new TenantDirectoryClient({ baseUrl: config.TENANT_SERVICE_URL, serviceTokens }),
    },
    {
      provide: StateManagerClient,
      inject: [WHATSAPP_API_SERVICE_CONFIG, ServiceTokenClient],
      useFactory: (config: WhatsAppApiServiceConfig, serviceTokens: ServiceTokenClient) =>
        new StateManagerClient({ baseUrl: config.STATE_MANAGER_URL, serviceTokens }),
    },
  ],
  exports: [CloudTokenClient, TenantDirectoryClient, StateManagerClient],
})
export class PlatformClientsModule {}
