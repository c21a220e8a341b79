import { Module } from '@nestjs/common';
import { CloudTokenClient, TenantDirectoryClient } from '@switchboard/backend-data-access-platform-clients';
import { ServiceTokenClient } from '@switchboard/backend-util-auth';
import {
  GENESYS_API_SERVICE_CONFIG,
  type GenesysApiServiceConfig,
} from '../config/genesys-api-service.config';

/** The other Switchboard services this one calls: tenant-service (lookups), auth-service (Genesys tokens). */
@Module({
  providers: [
    {
      provide: TenantDirectoryClient,
      inject: [GENESYS_API_SERVICE_CONFIG, ServiceTokenClient],
      useFactory: (config: GenesysApiServiceConfig, serviceTokens: ServiceTokenClient) =>
        new TenantDirectoryClient({ baseUrl: config.TENANT_SERVICE_URL, serviceTokens }),
    },
    {
      provide: CloudTokenClient,
      inject: [GENESYS_API_SERVICE_CONFIG, ServiceTokenClient],
      useFactory: (config: GenesysApiServiceConfig, serviceTokens: ServiceTokenClient) =>
        new CloudTokenClient({ baseUrl: config.AUTH_SERVICE_URL, serviceTokens }),
    },
  ],
  exports: [TenantDirectoryClient, CloudTokenClient],
})
export class PlatformClientsModule {}
